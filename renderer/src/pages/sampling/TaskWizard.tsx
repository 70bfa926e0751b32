import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DrawOutput, Preview, TaskDetail } from '../../../../shared/api/contracts/sampling.ts';
import { COUNTY_MODEL_ID } from '../../../../shared/sampling/reference/default-grading-run.ts';
import { ApiError, api, errorMessage } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorNote, localToday } from './shared.tsx';
import { type CheckedExclusions, checkExclusions } from './wizard/check-exclusions.ts';
import { formFromDraft, newForm, toInput, type WizardForm, withProposals } from './wizard/form.ts';
import { PreviewPanel } from './wizard/PreviewPanel.tsx';
import { RatioStep } from './wizard/RatioStep.tsx';
import { useWizardReference } from './wizard/reference.ts';
import { ScopeStep } from './wizard/ScopeStep.tsx';
import { DateField } from '../../components/DateField.tsx';

/**
 * 新建抽查任务: items and basics → scope and filters → grading run and ratio profile → preview of the
 * strata (the commitment digest is fixed and shown before the draw) → draw (the seed is shown after).
 */
export function TaskWizard({
  existing,
  onDone,
  onCancel,
}: {
  /** A saved draft to continue (its id is kept, so saving updates it). */
  existing?: TaskDetail;
  onDone: (taskId: number) => void;
  onCancel: () => void;
}) {
  const today = localToday();
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<WizardForm>(() => (existing ? formFromDraft(existing) : newForm(today)));
  const [taskId, setTaskId] = useState<number | null>(existing?.summary.id ?? null);
  /** The draft's version this form was filled from: a save over another officer's newer one is refused. */
  const [version, setVersion] = useState<number | null>(existing?.version ?? null);
  const [exclusions, setExclusions] = useState<CheckedExclusions | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [drawn, setDrawn] = useState<DrawOutput | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ref = useWizardReference({ isNew: !existing });
  useEffect(() => {
    if (!existing)
      setForm((f) => withProposals(f, { number: ref.nextNumber, defaultRunId: ref.defaultRunId }));
  }, [existing, ref.nextNumber, ref.defaultRunId]);
  const set = <K extends keyof WizardForm>(k: K, v: WizardForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const firstProblem = (): string | null => {
    if (step === 0) {
      if (!form.number.trim() || !form.name.trim()) return '请填写任务文号和名称';
      if (form.items.length === 0) return '请至少选择一个抽查事项';
      if (!form.startDate || !form.endDate || form.endDate < form.startDate) return '请检查检查期间';
    }
    if (step === 2 && !form.profileId) return '请选择抽查比例方案';
    return null;
  };

  /** Step 2 → 3 only when every 手工排除 line names a real entity with a reason. */
  async function checkScope(): Promise<boolean> {
    setBusy(true);
    try {
      const checked = await checkExclusions(form.exclusions);
      setExclusions(checked);
      if (checked.rejected.length > 0) {
        setError(`手工排除中有 ${checked.rejected.length} 行未被接受，请按提示改正或删除`);
        return false;
      }
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function savePreview() {
    setBusy(true);
    setError(null);
    try {
      const input = toInput(form);
      let id = taskId;
      if (id === null) {
        id = (await api.call('sampling.tasks.create', input)).taskId;
        setTaskId(id);
        setVersion(1);
      } else {
        const saved = await api.call('sampling.tasks.update', {
          taskId: id,
          task: input,
          ...(version === null ? {} : { expectedVersion: version }),
        });
        setVersion(saved.version);
      }
      setPreview(await api.call('sampling.tasks.preview', { taskId: id }));
      setStep(3);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict' && taskId !== null && version !== null) {
        // When another officer saved the draft since (its version moved on), show theirs rather than
        // write over it; any other conflict (a number already taken) keeps what was typed.
        const fresh = await api.call('sampling.tasks.get', { taskId }).catch(() => null);
        const moved = fresh !== null && fresh.version !== version && fresh.summary.status === 'draft';
        if (moved) {
          setForm(formFromDraft(fresh));
          setVersion(fresh.version);
          setStep(0);
        }
        setError(`${errorMessage(e)}${moved ? '（表单已重新载入当前内容）' : ''}`);
      } else setError(errorMessage(e));
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
      setConfirming(false);
      setStep(5);
    } catch (e) {
      setConfirming(false);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const next = async () => {
    const p = firstProblem();
    if (p) return setError(p);
    setError(null);
    if (step === 1 && !(await checkScope())) return;
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
              <DateField
                label="检查开始日期"
                value={form.startDate}
                onChange={(d) => set('startDate', d)}
                data-testid="wizard-start"
              />
              <DateField
                label="检查结束日期"
                description="公示期限从此日起算 20 个工作日"
                value={form.endDate}
                onChange={(d) => set('endDate', d)}
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
                {ref.items.map((i) => (
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
          <ScopeStep
            form={form}
            set={set}
            townships={ref.townships.map((t) => t.name)}
            exclusions={exclusions}
          />
        </Stepper.Step>

        <Stepper.Step label="比例" description="评价批次和抽查比例">
          {ref.ratio ? (
            <RatioStep
              form={form}
              set={set}
              runs={ref.ratio.runs}
              modelNames={ref.ratio.modelNames}
              countyModelName={ref.ratio.modelNames.get(COUNTY_MODEL_ID) ?? '企业信用风险分类'}
              defaultRunId={ref.ratio.defaultRunId}
              profiles={ref.ratio.profiles}
            />
          ) : null}
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
            <Button
              color="red"
              onClick={() => setConfirming(true)}
              disabled={!preview}
              data-testid="wizard-draw"
            >
              确认抽取…
            </Button>
          )}
        </Group>
      ) : null}
      {preview ? (
        <ConfirmDialog
          opened={confirming}
          title="确认抽取"
          confirmLabel="确认抽取"
          busy={busy}
          onConfirm={draw}
          onCancel={() => setConfirming(false)}
        >
          <Text size="sm">
            将从 {formatCount(preview.candidates)} 户候选主体中随机抽取 {formatCount(preview.total)}{' '}
            户，并为每户随机选派 {form.teamSize} 名检查人员（回避关系自动避开）。
          </Text>
          <Text size="sm" mt="xs">
            抽取后计划「{form.number}
            」立即锁定：抽中的主体和检查人员不能修改；如确需重新抽取，须由有权限的人员说明理由，原计划留档备查。
          </Text>
        </ConfirmDialog>
      ) : null}
    </Stack>
  );
}
