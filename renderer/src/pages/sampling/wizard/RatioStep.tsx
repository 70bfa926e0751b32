/**
 * Step 3 of the wizard: the grading run that gives each candidate its risk class (by default the
 * newest run of the county model; a warning when there is none) and the ratio profile.
 */
import { Alert, Paper, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { RatioProfileData } from '../../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS, ENTITY_KINDS } from '../../../../../shared/domain/entity.ts';
import { formatCount } from '../../../format.ts';
import { classText, pct } from '../shared.tsx';
import type { WizardForm } from './form.ts';

export interface RunOption {
  id: number;
  modelId: string;
  asOf: string;
  entityCount: number;
}

export function RatioStep({
  form,
  set,
  runs,
  modelNames,
  countyModelName,
  defaultRunId,
  profiles,
}: {
  form: WizardForm;
  set: <K extends keyof WizardForm>(k: K, v: WizardForm[K]) => void;
  runs: RunOption[];
  modelNames: ReadonlyMap<string, string>;
  countyModelName: string;
  /** The newest run of the county model; null when it was never run. */
  defaultRunId: number | null;
  profiles: RatioProfileData[];
}) {
  const profile = profiles.find((p) => p.id === form.profileId) ?? null;
  const runLabel = (r: RunOption) =>
    `第 ${r.id} 批：${modelNames.get(r.modelId) ?? '导入的评价模型'}，评价基准日 ${r.asOf}，${formatCount(r.entityCount)} 户${r.id === defaultRunId ? '（最新）' : ''}`;
  return (
    <Stack gap="sm" mt="md">
      <SimpleGrid cols={2}>
        <Select
          label="信用评价批次（决定风险等级）"
          data={[
            ...[...runs]
              .sort((a, b) => b.id - a.id)
              .map((r) => ({ value: String(r.id), label: runLabel(r) })),
            { value: '', label: '不使用评价结果（全部按未分类）' },
          ]}
          value={form.gradingRunId}
          onChange={(v) => set('gradingRunId', v ?? '')}
          allowDeselect={false}
          data-testid="wizard-run"
        />
        <Select
          label="抽查比例方案"
          data={profiles.map((p) => ({ value: p.id, label: p.name }))}
          value={form.profileId}
          onChange={(v) => set('profileId', v ?? '')}
          allowDeselect={false}
          data-testid="wizard-profile"
        />
      </SimpleGrid>
      {defaultRunId === null ? (
        <Alert
          color="orange"
          variant="light"
          title="尚无县局默认模型的评价结果"
          data-testid="wizard-run-warning"
        >
          「{countyModelName}
          」还没有运行过评价，本次抽取的全部主体将按“未分类”的比例抽取，不能体现信用风险分类。建议先到“信用评价”运行一次评价，再回来抽取。
        </Alert>
      ) : form.gradingRunId === '' ? (
        <Alert color="orange" variant="light" data-testid="wizard-run-warning">
          未选择评价批次：全部主体将按“未分类”的比例抽取，不能体现信用风险分类。
        </Alert>
      ) : null}
      {profile ? (
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed" mb="xs">
            {profile.description}
          </Text>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>主体类型</Table.Th>
                {[...profile.classOrder, 'unclassified'].map((c) => (
                  <Table.Th key={c}>{classText(c === 'unclassified' ? null : c)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ENTITY_KINDS.filter((k) => profile.ratios[k]).map((k) => (
                <Table.Tr key={k}>
                  <Table.Td>{ENTITY_KIND_LABELS[k]}</Table.Td>
                  {[...profile.classOrder, 'unclassified'].map((c) => (
                    <Table.Td key={c}>{pct(profile.ratios[k]?.[c] ?? 0)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}
    </Stack>
  );
}
