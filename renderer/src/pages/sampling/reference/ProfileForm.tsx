/** One 抽查比例方案 edited: checked against the call's own schema before it is sent. */
import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Table, TextInput } from '@mantine/core';
import { type FormErrors, schemaResolver, useForm } from '@mantine/form';
import {
  type RatioProfileData,
  type RatioProfileRow,
  ratioProfileSchema,
} from '../../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS, ENTITY_KINDS } from '../../../../../shared/domain/entity.ts';
import { api } from '../../../api.ts';
import { classText, ErrorNote } from '../shared.tsx';
import { staleSaveMessage, useSave } from './form-helpers.ts';

/** Fields with an input of their own show their message there; the table's cells are listed below it. */
const OWN_INPUT = new Set(['id', 'name']);
const tableErrors = (errors: FormErrors): string[] =>
  Object.entries(errors)
    .filter(([path, m]) => !OWN_INPUT.has(path) && Boolean(m))
    .map(([, m]) => String(m));

/**
 * `initial`: the profile as listed, with the version the form is filled from (0 for a new or copied
 * profile). `onStale`: another officer saved this profile since; the save changed nothing.
 */
export function ProfileForm({
  initial,
  onSaved,
  onStale,
}: {
  initial: RatioProfileRow;
  onSaved: () => void;
  onStale: (message: string) => void;
}) {
  const { version, ...data } = initial;
  const form = useForm<RatioProfileData>({
    initialValues: data,
    validate: schemaResolver(ratioProfileSchema, { sync: true }),
  });
  const save = useSave();
  const v = form.values;
  const classes = [...v.classOrder, 'unclassified'];
  const otherErrors = tableErrors(form.errors);
  return (
    <Stack>
      <SimpleGrid cols={2}>
        <TextInput label="方案编号" {...form.getInputProps('id')} />
        <TextInput label="方案名称" {...form.getInputProps('name')} />
      </SimpleGrid>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>主体类型（%）</Table.Th>
            {classes.map((c) => (
              <Table.Th key={c}>{classText(c === 'unclassified' ? null : c)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ENTITY_KINDS.map((k) => (
            <Table.Tr key={k}>
              <Table.Td>{ENTITY_KIND_LABELS[k]}</Table.Td>
              {classes.map((c) => (
                <Table.Td key={c}>
                  <NumberInput
                    size="xs"
                    min={0}
                    max={100}
                    decimalScale={2}
                    value={(v.ratios[k]?.[c] ?? 0) / 100}
                    onChange={(x) =>
                      form.setFieldValue('ratios', {
                        ...v.ratios,
                        [k]: { ...(v.ratios[k] ?? {}), [c]: Math.round(Number(x || 0) * 100) },
                      })
                    }
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td>每年抽查上限（次）</Table.Td>
            {v.classOrder.map((c) => (
              <Table.Td key={c}>
                <NumberInput
                  size="xs"
                  min={0}
                  max={52}
                  placeholder="不限"
                  value={v.yearlyCaps[c] ?? ''}
                  onChange={(x) => {
                    const caps = { ...v.yearlyCaps };
                    if (x === '' || Number(x) <= 0) delete caps[c];
                    else caps[c] = Number(x);
                    form.setFieldValue('yearlyCaps', caps);
                  }}
                />
              </Table.Td>
            ))}
            <Table.Td />
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {otherErrors.length > 0 ? (
        <Alert color="red" variant="light">
          {otherErrors.join('；')}
        </Alert>
      ) : null}
      <ErrorNote error={save.error} />
      <Group justify="flex-end">
        <Button
          loading={save.busy}
          onClick={async () => {
            if (form.validate().hasErrors) return;
            // A changed 方案编号 names another profile, one the form never saw.
            const expectedVersion = form.values.id.trim() === initial.id ? version : 0;
            let stale: string | null = null;
            const saved = await save.run(() =>
              api.call('sampling.profiles.save', { ...form.values, expectedVersion }).catch((e: unknown) => {
                stale = staleSaveMessage(e);
                throw e;
              }),
            );
            if (saved) onSaved();
            else if (stale !== null) onStale(stale);
          }}
        >
          保存
        </Button>
      </Group>
    </Stack>
  );
}
