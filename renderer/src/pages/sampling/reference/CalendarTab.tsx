/** 工作日历: holidays and make-up workdays of the State Council's yearly notice (deadlines count on it). */
import { ActionIcon, Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { type CalendarDayInput, calendarDaySchema } from '../../../../../shared/api/contracts/sampling.ts';
import { weekday } from '../../../../../shared/calendar/index.ts';
import { DateField } from '../../../components/DateField.tsx';
import { failureText, useApiMutation, useApiQuery, useInvalidateApi } from '../../../data/api-query.ts';
import { ErrorNote } from '../shared.tsx';
import { staleSaveMessage } from './form-helpers.ts';

/** By `weekday` of the working-day calendar: 0 = Monday. */
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

export function CalendarTab({ canManage }: { canManage: boolean }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const query = useApiQuery('sampling.calendar.list', { year });
  const value = query.data;
  const error = failureText(query.error);
  // Deadlines count on the calendar: every sampling answer is stale after a change.
  const invalidate = useInvalidateApi();
  const save = useApiMutation('sampling.calendar.save', {
    invalidates: ['sampling'],
    // Another officer saved the same day meanwhile: the message says what; the table shows it.
    onError: (e) => {
      if (staleSaveMessage(e) !== null) void invalidate('sampling.calendar');
    },
  });
  const remove = useApiMutation('sampling.calendar.delete', { invalidates: ['sampling'] });
  const form = useForm<CalendarDayInput>({
    initialValues: { date: '', kind: 'holiday', name: '' },
    validate: schemaResolver(calendarDaySchema, { sync: true }),
  });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        工作日历：周一至周五为工作日，另按国务院办公厅每年公布的放假和调休安排设定。公示期限按此计算。
      </Text>
      <Group align="flex-end">
        <Select
          label="年份"
          data={[year - 1, year, year + 1].map(String)}
          value={String(year)}
          onChange={(v) => v && setYear(Number(v))}
          w={110}
          allowDeselect={false}
        />
        {canManage ? (
          <>
            <DateField
              label="日期"
              value={form.values.date}
              onChange={(date) => form.setFieldValue('date', date)}
              error={form.errors.date}
              w={150}
              data-testid="calendar-date"
            />
            <Select
              label="类型"
              data={[
                { value: 'holiday', label: '放假' },
                { value: 'workday', label: '调休上班' },
              ]}
              value={form.values.kind}
              onChange={(v) => form.setFieldValue('kind', v === 'workday' ? 'workday' : 'holiday')}
              w={130}
              allowDeselect={false}
            />
            <TextInput label="名称" placeholder="如 春节" {...form.getInputProps('name')} />
            <Button
              loading={save.isPending}
              onClick={() => {
                if (form.validate().hasErrors) return;
                // The day's version as listed (0: not on file); a day of another year than the one
                // listed is not known here, so it is saved without a check.
                const shown = form.values.date.startsWith(`${year}-`);
                const listed = value?.days.find((d) => d.date === form.values.date);
                save.mutate({
                  ...form.values,
                  expectedVersion: shown && value ? (listed?.version ?? 0) : undefined,
                });
              }}
            >
              添加
            </Button>
          </>
        ) : null}
      </Group>
      <ErrorNote error={error ?? failureText(save.error ?? remove.error)} />
      {value && value.days.length === 0 ? (
        <Text c="orange" size="sm">
          {year} 年尚未设置节假日，请按国务院办公厅的通知添加。
        </Text>
      ) : null}
      <Table striped withTableBorder data-testid="calendar-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>日期</Table.Th>
            <Table.Th>星期</Table.Th>
            <Table.Th>类型</Table.Th>
            <Table.Th>名称</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(value?.days ?? []).map((d) => (
            <Table.Tr key={d.date}>
              <Table.Td>{d.date}</Table.Td>
              <Table.Td>{WEEKDAYS[weekday(d.date)]}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={d.kind === 'holiday' ? 'red' : 'blue'}>
                  {d.kind === 'holiday' ? '放假' : '调休上班'}
                </Badge>
              </Table.Td>
              <Table.Td>{d.name}</Table.Td>
              <Table.Td>
                {canManage ? (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label="删除"
                    loading={remove.isPending && remove.variables?.date === d.date}
                    onClick={() => remove.mutate({ date: d.date })}
                  >
                    ×
                  </ActionIcon>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
