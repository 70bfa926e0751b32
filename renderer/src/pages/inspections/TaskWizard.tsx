import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type {
  DrawOutput,
  Preview,
  TaskDetail,
  TaskInput,
} from '../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS, ENTITY_KINDS, type EntityKind } from '../../../../shared/domain/entity.ts';
import { api, errorMessage } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { classText, ErrorNote, localToday, pct, useLoad } from './shared.tsx';

interface Form {
  number: string;
  name: string;
  startDate: string;
  endDate: string;
  teamSize: number;
  organiser: string;
  witness: string;
  items: string[];
  directed: boolean;
  kinds: EntityKind[];
  townships: string[];
  industryPrefixes: string;
  exclusions: string;
  gradingRunId: string;
  profileId: string;
}

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00`);
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** “代码 理由” per line → exclusions; a line without a reason is reported. */
function parseExclusions(text: string): { entity: string; reason: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [entity = '', ...rest] = l.split(/[\s,，]+/);
      return { entity, reason: rest.join(' ') };
    });
}

function toInput(f: Form): TaskInput {
  return {
    number: f.number,
    name: f.name,
    items: f.items,
    directed: f.directed,
    filter: {
      kinds: f.directed ? f.kinds : [],
      townships: f.directed ? f.townships : [],
      jurisdictions: [],
      industryPrefixes: f.directed
        ? f.industryPrefixes
            .split(/[\s,，、]+/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
      tags: [],
    },
    gradingRunId: f.gradingRunId ? Number(f.gradingRunId) : null,
    profileId: f.profileId,
    startDate: f.startDate,
    endDate: f.endDate,
    teamSize: f.teamSize,
    organiser: f.organiser || null,
    witness: f.witness || null,
    exclusions: parseExclusions(f.exclusions),
  };
}

/**
 * 新建抽查任务: items and basics → scope and filters → grading run and ratio profile → preview of the
 * strata (the commitment digest is fixed and shown before the draw) → draw (the seed is shown after).
 */
export function TaskWizard({
  countyName,
  existing,
  onDone,
  onCancel,
}: {
  countyName: string;
  /** A saved draft to continue (its id is kept, so saving updates it). */
  existing?: TaskDetail;
  onDone: (taskId: number) => void;
  onCancel: () => void;
}) {
  const today = localToday();
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<Form>(() =>
    existing
      ? {
          number: existing.task.number,
          name: existing.task.name,
          startDate: existing.task.startDate,
          endDate: existing.task.endDate,
          teamSize: existing.task.teamSize,
          organiser: existing.task.organiser ?? '',
          witness: existing.task.witness ?? '',
          items: existing.task.items,
          directed: existing.task.directed,
          kinds: existing.task.filter.kinds,
          townships: existing.task.filter.townships,
          industryPrefixes: existing.task.filter.industryPrefixes.join('，'),
          exclusions: existing.task.exclusions.map((e) => `${e.entity} ${e.reason}`).join('\n'),
          gradingRunId: existing.task.gradingRunId === null ? '' : String(existing.task.gradingRunId),
          profileId: existing.task.profileId ?? 'lindian-2024',
        }
      : {
          number: `${countyName}市监抽〔${today.slice(0, 4)}〕1号`,
          name: `${today.slice(0, 4)} 年公示信息双随机抽查`,
          startDate: today,
          endDate: addDays(today, 20),
          teamSize: 2,
          organiser: '',
          witness: '',
          items: ['A07'],
          directed: false,
          kinds: [],
          townships: [],
          industryPrefixes: '',
          exclusions: '',
          gradingRunId: '',
          profileId: 'lindian-2024',
        },
  );
  const [taskId, setTaskId] = useState<number | null>(existing?.summary.id ?? null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [drawn, setDrawn] = useState<DrawOutput | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ref = useLoad(async () => {
    const [items, profiles, runs, townships, tasks] = await Promise.all([
      api.call('sampling.items.list', {}),
      api.call('sampling.profiles.list', {}),
      api.call('sampling.gradingRuns', {}),
      api.call('entities.townships', {}),
      api.call('sampling.tasks.list', {}),
    ]);
    // A new task proposes the next free number of this year (〔2026〕1号, 2号 …).
    if (!existing) {
      const used = new Set(tasks.tasks.map((t) => t.number));
      let n = 1;
      while (used.has(`${countyName}市监抽〔${today.slice(0, 4)}〕${n}号`)) n++;
      const proposal = `${countyName}市监抽〔${today.slice(0, 4)}〕${n}号`;
      setForm((f) =>
        f.number === `${countyName}市监抽〔${today.slice(0, 4)}〕1号` ? { ...f, number: proposal } : f,
      );
    }
    return {
      items: items.items,
      profiles: profiles.profiles,
      runs: runs.runs,
      townships: townships.townships,
    };
  });
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const profile = ref.value?.profiles.find((p) => p.id === form.profileId) ?? null;

  const firstProblem = (): string | null => {
    if (step === 0) {
      if (!form.number.trim() || !form.name.trim()) return '请填写任务文号和名称';
      if (form.items.length === 0) return '请至少选择一个抽查事项';
      if (!form.startDate || !form.endDate || form.endDate < form.startDate) return '请检查检查期间';
    }
    if (step === 1 && parseExclusions(form.exclusions).some((e) => !e.reason))
      return '每个排除的主体都须写明理由（每行：代码 理由）';
    if (step === 2 && !form.profileId) return '请选择抽查比例方案';
    return null;
  };

  async function savePreview() {
    setBusy(true);
    setError(null);
    try {
      const input = toInput(form);
      let id = taskId;
      if (id === null) {
        id = (await api.call('sampling.tasks.create', input)).taskId;
        setTaskId(id);
      } else await api.call('sampling.tasks.update', { taskId: id, task: input });
      setPreview(await api.call('sampling.tasks.preview', { taskId: id }));
      setStep(3);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function draw() {
    if (taskId === null || !preview) return;
    setBusy(true);
    setError(null);
    try {
      setDrawn(await api.call('sampling.tasks.draw', { taskId, expectedDigest: preview.digest }));
      setStep(5);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const next = () => {
    const p = firstProblem();
    if (p) return setError(p);
    setError(null);
    if (step === 2) void savePreview();
    else setStep((s) => s + 1);
  };

  return (
    <Stack gap="md" data-testid="task-wizard">
      <Group justify="space-between">
        <Title order={4}>{existing ? `继续抽查任务：${existing.task.number}` : '新建抽查任务'}</Title>
        <Button variant="subtle" onClick={onCancel} data-testid="wizard-cancel">
          {drawn ? '返回任务列表' : '取消'}
        </Button>
      </Group>
      <ErrorNote error={ref.error} />
      <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={(s) => !drawn && setStep(s)}>
        <Stepper.Step label="事项" description="任务和抽查事项">
          <Stack gap="sm" mt="md">
            <SimpleGrid cols={2}>
              <TextInput
                label="任务文号"
                value={form.number}
                onChange={(e) => set('number', e.currentTarget.value)}
                data-testid="wizard-number"
              />
              <TextInput
                label="任务名称"
                value={form.name}
                onChange={(e) => set('name', e.currentTarget.value)}
                data-testid="wizard-name"
              />
              <TextInput
                type="date"
                label="检查开始日期"
                value={form.startDate}
                onChange={(e) => set('startDate', e.currentTarget.value)}
                data-testid="wizard-start"
              />
              <TextInput
                type="date"
                label="检查结束日期"
                description="公示期限从此日起算 20 个工作日"
                value={form.endDate}
                onChange={(e) => set('endDate', e.currentTarget.value)}
                data-testid="wizard-end"
              />
              <NumberInput
                label="每组检查人员"
                description="至少 2 名；专家不计入"
                min={2}
                max={10}
                value={form.teamSize}
                onChange={(v) => set('teamSize', Number(v) || 2)}
              />
              <TextInput
                label="组织单位"
                value={form.organiser}
                onChange={(e) => set('organiser', e.currentTarget.value)}
              />
              <TextInput
                label="监督人（可选）"
                value={form.witness}
                onChange={(e) => set('witness', e.currentTarget.value)}
                data-testid="wizard-witness"
              />
            </SimpleGrid>
            <Checkbox.Group
              label="抽查事项"
              value={form.items}
              onChange={(v) => set('items', v)}
              data-testid="wizard-items"
            >
              <SimpleGrid cols={3} mt="xs" spacing={6}>
                {(ref.value?.items ?? []).map((i) => (
                  <Checkbox
                    key={i.code}
                    value={i.code}
                    label={`${i.code} ${i.name}${i.qualification ? `（需${i.qualification}）` : ''}`}
                  />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="范围" description="检查对象和筛选">
          <Stack gap="sm" mt="md">
            <Switch
              checked={form.directed}
              onChange={(e) => set('directed', e.currentTarget.checked)}
              label={
                form.directed ? '定向抽查：在筛选范围内随机抽取' : '不定向抽查：在全部检查对象中随机抽取'
              }
              data-testid="wizard-directed"
            />
            {form.directed ? (
              <SimpleGrid cols={3}>
                <MultiSelect
                  label="主体类型"
                  placeholder="不限"
                  data={ENTITY_KINDS.map((k) => ({ value: k, label: ENTITY_KIND_LABELS[k] }))}
                  value={form.kinds}
                  onChange={(v) => set('kinds', v as EntityKind[])}
                  data-testid="wizard-kinds"
                />
                <MultiSelect
                  label="乡镇（街道）"
                  placeholder="不限"
                  data={(ref.value?.townships ?? []).map((t) => t.name)}
                  value={form.townships}
                  onChange={(v) => set('townships', v)}
                  searchable
                />
                <TextInput
                  label="行业代码前缀"
                  placeholder="如 F52、H62，多个用逗号分开"
                  value={form.industryPrefixes}
                  onChange={(e) => set('industryPrefixes', e.currentTarget.value)}
                />
              </SimpleGrid>
            ) : null}
            <Textarea
              label="手工排除的主体（可选）"
              description="每行一户：统一社会信用代码或注册号，空格后写理由。注销、吊销等非在业主体，本年度已达抽查上限的主体，以及已在其他未公示计划中的主体会自动排除。"
              autosize
              minRows={2}
              value={form.exclusions}
              onChange={(e) => set('exclusions', e.currentTarget.value)}
            />
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="比例" description="评价批次和抽查比例">
          <Stack gap="sm" mt="md">
            <SimpleGrid cols={2}>
              <Select
                label="信用评价批次（决定风险等级）"
                data={[
                  { value: '', label: '不使用评价结果（全部按未分类）' },
                  ...(ref.value?.runs ?? []).map((r) => ({
                    value: String(r.id),
                    label: `第 ${r.id} 批：${r.modelName}，评价基准日 ${r.asOf}，${formatCount(r.entityCount)} 户`,
                  })),
                ]}
                value={form.gradingRunId}
                onChange={(v) => set('gradingRunId', v ?? '')}
                allowDeselect={false}
                data-testid="wizard-run"
              />
              <Select
                label="抽查比例方案"
                data={(ref.value?.profiles ?? []).map((p) => ({ value: p.id, label: p.name }))}
                value={form.profileId}
                onChange={(v) => set('profileId', v ?? '')}
                allowDeselect={false}
                data-testid="wizard-profile"
              />
            </SimpleGrid>
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
        </Stepper.Step>

        <Stepper.Step label="预览" description="分层数量和承诺摘要">
          {preview ? <PreviewPanel preview={preview} /> : null}
        </Stepper.Step>

        <Stepper.Step label="抽取" description="随机种子" />
        <Stepper.Completed>
          {drawn ? (
            <Stack gap="sm" mt="md" data-testid="draw-result">
              <Alert color="teal" variant="light" title={`已抽取 ${drawn.selected} 户，计划已锁定`}>
                抽取前固定的承诺摘要与抽取后生成的随机种子一并记入计划，任何人可据此复核抽取过程。
              </Alert>
              <Text size="sm">承诺摘要（digest）</Text>
              <Code block data-testid="draw-digest">
                {drawn.digest}
              </Code>
              <Text size="sm">随机种子（seed）</Text>
              <Code block data-testid="draw-seed">
                {drawn.seed}
              </Code>
              {drawn.warnings.map((w) => (
                <Alert key={w} color="orange" variant="light">
                  {w}
                </Alert>
              ))}
              <Group>
                <Button onClick={() => taskId !== null && onDone(taskId)} data-testid="wizard-open-plan">
                  查看抽查计划
                </Button>
              </Group>
            </Stack>
          ) : null}
        </Stepper.Completed>
      </Stepper>
      {error ? (
        <Alert color="red" variant="light" data-testid="wizard-error">
          {error}
        </Alert>
      ) : null}
      {step < 5 ? (
        <Group justify="flex-end">
          {step > 0 ? (
            <Button variant="default" onClick={() => setStep((s) => s - 1)} disabled={busy}>
              上一步
            </Button>
          ) : null}
          {step < 3 ? (
            <Button onClick={next} loading={busy} data-testid="wizard-next">
              {step === 2 ? '保存并预览' : '下一步'}
            </Button>
          ) : (
            <Button color="red" onClick={draw} loading={busy} data-testid="wizard-draw">
              确认抽取
            </Button>
          )}
        </Group>
      ) : null}
    </Stack>
  );
}

function PreviewPanel({ preview }: { preview: Preview }) {
  return (
    <Stack gap="sm" mt="md" data-testid="wizard-preview">
      <Text size="sm">
        候选 {formatCount(preview.candidates)} 户，预计抽取{' '}
        <b data-testid="preview-total">{formatCount(preview.total)}</b> 户；符合条件的检查人员{' '}
        {preview.eligibleInspectors} 名。
      </Text>
      <Table withTableBorder striped data-testid="preview-strata">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>主体类型</Table.Th>
            <Table.Th>风险等级</Table.Th>
            <Table.Th>候选数</Table.Th>
            <Table.Th>比例</Table.Th>
            <Table.Th>抽取数</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.strata.map((s) => (
            <Table.Tr key={`${s.kind}-${s.class}`}>
              <Table.Td>{ENTITY_KIND_LABELS[s.kind]}</Table.Td>
              <Table.Td>{classText(s.class)}</Table.Td>
              <Table.Td>{formatCount(s.N)}</Table.Td>
              <Table.Td>{pct(s.bp)}</Table.Td>
              <Table.Td>{formatCount(s.k)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {preview.excluded.length > 0 ? (
        <Text size="sm" c="dimmed">
          已排除：{preview.excluded.map((e) => `${e.reason} ${formatCount(e.count)} 户`).join('；')}
        </Text>
      ) : null}
      {preview.warnings.map((w) => (
        <Alert key={w} color="orange" variant="light" data-testid="preview-warning">
          {w}
        </Alert>
      ))}
      <Text size="sm">承诺摘要（digest，抽取前已固定，抽取时须一致）</Text>
      <Code block data-testid="preview-digest">
        {preview.digest}
      </Code>
    </Stack>
  );
}
