import { localDateTime } from '../../../../shared/dates/iso-date.ts';
import {
  Alert,
  Button,
  Card,
  Fieldset,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import type { RuleSetView } from '../../../../shared/api/contracts/monitoring.ts';
import { ENTITY_KIND_LABELS, ENTITY_KINDS } from '../../../../shared/domain/entity.ts';
import { CHANGE_FIELDS } from '../../../../shared/domain/records.ts';
import {
  MONITORING_PARAM_LABELS,
  monitoringRuleSchema,
  WARNING_ACTIONS,
  WARNING_LEVELS,
} from '../../../../shared/monitoring/rules.ts';
import { failureText, useApiMutation, useApiQuery } from '../../data/api-query.ts';

const rulesFormSchema = z.object({ rules: z.array(monitoringRuleSchema) });
type RulesForm = { rules: RuleSetView['rules'] };
/** Ratios and shares; every other threshold is a whole number of entities, changes, days or years. */
const FRACTION_PARAMS = new Set(['minRatio', 'minListedShare']);

/** The rule set in force; an administrator edits thresholds and saves them as the next version. */
export function RulesTab({ canEdit }: { canEdit: boolean }) {
  const q = useApiQuery('monitoring.rules.get', {});
  if (q.isLoading) return <Loader size="sm" />;
  if (q.error) return <Alert color="red">{failureText(q.error)}</Alert>;
  if (!q.data) return null;
  // Keyed by version: after a save (here or elsewhere) the form starts again from what is in force.
  return <RulesFormView key={q.data.version} view={q.data} canEdit={canEdit} />;
}

function RulesFormView({ view, canEdit }: { view: RuleSetView; canEdit: boolean }) {
  const form = useForm<RulesForm>({
    initialValues: { rules: view.rules },
    validate: schemaResolver(rulesFormSchema, { sync: true }),
  });
  const [saved, setSaved] = useState<number | null>(null);
  const save = useApiMutation('monitoring.rules.save', {
    invalidates: ['monitoring'],
    onSuccess: (v) => setSaved(v.version),
  });
  const submit = (v: RulesForm) => {
    setSaved(null);
    save.mutate({ baseVersion: view.version, rules: v.rules });
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate data-testid="monitoring-rules-form">
      <Stack gap="md">
        <Group justify="space-between">
          <div>
            <Text fw={600}>
              {view.name}（第 {view.version} 版）
            </Text>
            <Text size="xs" c="dimmed">
              {view.builtIn ? '系统内置' : `${view.savedBy} 保存于 ${localDateTime(view.savedAt)}`}
              {view.versions.length > 0 ? `，此前共 ${view.versions.length} 个版本` : ''}
            </Text>
          </div>
          {canEdit ? (
            <Button
              type="submit"
              loading={save.isPending}
              disabled={!form.isDirty()}
              data-testid="rules-save"
            >
              保存为新版本
            </Button>
          ) : (
            <Text size="sm" c="dimmed">
              只有管理员可以修改规则阈值
            </Text>
          )}
        </Group>
        {saved !== null ? (
          <Alert color="green" data-testid="rules-saved">
            已保存为第 {saved} 版，下次运行监测时生效。
          </Alert>
        ) : null}
        {save.error ? <Alert color="red">{failureText(save.error)}</Alert> : null}
        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
          {view.rules.map((rule, i) => (
            <Card withBorder padding="sm" key={rule.id} data-testid="rule-card" data-rule={rule.id}>
              <Fieldset variant="unstyled" disabled={!canEdit}>
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap">
                    <TextInput
                      aria-label="规则名称"
                      {...form.getInputProps(`rules.${i}.name`)}
                      style={{ flex: 1 }}
                    />
                    <Switch
                      label="启用"
                      {...form.getInputProps(`rules.${i}.enabled`, { type: 'checkbox' })}
                    />
                  </Group>
                  <Group grow>
                    <Select
                      label="预警等级"
                      data={[...WARNING_LEVELS]}
                      allowDeselect={false}
                      comboboxProps={{ withinPortal: true }}
                      {...form.getInputProps(`rules.${i}.level`)}
                    />
                    <Select
                      label="建议措施"
                      data={[...WARNING_ACTIONS]}
                      allowDeselect={false}
                      comboboxProps={{ withinPortal: true }}
                      {...form.getInputProps(`rules.${i}.action`)}
                    />
                  </Group>
                  <MultiSelect
                    label="适用主体类型"
                    data={ENTITY_KINDS.map((k) => ({ value: k, label: ENTITY_KIND_LABELS[k] }))}
                    comboboxProps={{ withinPortal: true }}
                    {...form.getInputProps(`rules.${i}.kinds`)}
                  />
                  <Group grow align="flex-start">
                    {Object.entries(rule.params).map(([param, value]) =>
                      Array.isArray(value) ? (
                        <MultiSelect
                          key={param}
                          label={MONITORING_PARAM_LABELS[param] ?? '参数'}
                          data={[...CHANGE_FIELDS]}
                          comboboxProps={{ withinPortal: true }}
                          {...form.getInputProps(`rules.${i}.params.${param}`)}
                        />
                      ) : typeof value === 'number' ? (
                        <NumberInput
                          key={param}
                          label={MONITORING_PARAM_LABELS[param] ?? '参数'}
                          allowDecimal={FRACTION_PARAMS.has(param)}
                          {...form.getInputProps(`rules.${i}.params.${param}`)}
                          data-testid={`rule-param-${rule.id}-${param}`}
                        />
                      ) : null,
                    )}
                  </Group>
                </Stack>
              </Fieldset>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </form>
  );
}
