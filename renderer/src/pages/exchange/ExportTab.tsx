/**
 * Exports: target pool, grading results (internal), one credit file, the publication sheet, granted credit
 * repairs, blank templates.
 */
import { Alert, Button, Card, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  EXPORT_KIND_LABELS,
  EXPORT_KINDS,
  type ExportKind,
} from '../../../../shared/api/contracts/exchange.ts';
import { IMPORT_KIND_LABELS, IMPORT_KINDS, type ImportKind } from '../../../../shared/exchange/types.ts';
import { api, errorMessage } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { JobBar } from './JobBar.tsx';
import { saveDownload } from './transfer.ts';
import { useJob } from './useJob.ts';

const NOTES: Record<ExportKind, string> = {
  target_pool: '全部市场主体，列名与导入模板一致，导出后修改再导入即可更新。',
  grading_results: '最近一次完成的信用评价结果，文件标有“内部资料 · 不对外公开”，请勿外传。',
  credit_file: '一户市场主体的基本信息和全部信用记录。',
  publication: '按“序号、检查实施机关、类型、日期、结果”的公示格式导出抽查结果。',
  repair_results:
    '起止日期内准予并执行的信用修复（统一社会信用代码、名称、修复事项、决定书文号、决定日期、执行日期），报送省级平台；标有“内部资料”。',
  template: '带“参数表”（可选值）和填写说明的空白导入模板，代码、电话列已设为文本格式。',
};

export function ExportTab() {
  const [kind, setKind] = useState<ExportKind>('target_pool');
  const [code, setCode] = useState('');
  const [plan, setPlan] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [runId, setRunId] = useState<number | string>('');
  const [importKind, setImportKind] = useState<ImportKind>('entities');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const job = useJob();

  async function run() {
    setError(null);
    setDone(null);
    try {
      let entityId: number | undefined;
      if (kind === 'credit_file') {
        const found = await api.call('entities.search', { query: code.trim(), limit: 1 });
        const row = found.rows[0];
        if (!row) throw new Error('未找到该市场主体，请输入完整的统一社会信用代码、注册号或名称');
        entityId = row.id;
      }
      const d = await job.run(() =>
        api.call('exchange.export', {
          kind,
          ...(entityId ? { entityId } : {}),
          ...(kind === 'grading_results' && typeof runId === 'number' ? { runId } : {}),
          ...(kind === 'publication' && plan.trim() ? { plan: plan.trim() } : {}),
          ...(kind === 'publication' && !plan.trim() && from && to ? { from, to } : {}),
          ...(kind === 'repair_results' ? { from, to } : {}),
          ...(kind === 'template' ? { importKind } : {}),
        }),
      );
      await saveDownload(d);
      setDone(`已导出「${d.fileName}」${d.rows > 0 ? `，共 ${formatCount(d.rows)} 行` : ''}。`);
    } catch (e) {
      setError(e instanceof Error && !('code' in e) ? e.message : errorMessage(e));
    }
  }

  return (
    <Card withBorder data-testid="export-page">
      <Stack gap="sm" maw={560}>
        <Select
          label="导出内容"
          data={EXPORT_KINDS.map((k) => ({ value: k, label: EXPORT_KIND_LABELS[k] }))}
          value={kind}
          onChange={(v) => {
            if (!v) return;
            setKind(v as ExportKind);
            // The last export's message belongs to the previous choice.
            setDone(null);
            setError(null);
          }}
          allowDeselect={false}
          data-testid="export-kind"
        />
        <Text size="sm" c="dimmed">
          {NOTES[kind]}
        </Text>
        {kind === 'credit_file' && (
          <TextInput
            label="市场主体"
            placeholder="统一社会信用代码、注册号或名称"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            data-testid="export-entity"
          />
        )}
        {kind === 'grading_results' && (
          <NumberInput
            label="评价批次编号（不填则为最近一次）"
            value={runId}
            onChange={setRunId}
            min={1}
            allowDecimal={false}
          />
        )}
        {kind === 'publication' && (
          <>
            <TextInput
              label="抽查任务"
              placeholder="如 XX市监抽〔2026〕3号"
              value={plan}
              onChange={(e) => setPlan(e.currentTarget.value)}
            />
            <Group grow>
              <TextInput
                label="或：起始日期"
                placeholder="2026-01-01"
                value={from}
                onChange={(e) => setFrom(e.currentTarget.value)}
              />
              <TextInput
                label="截止日期"
                placeholder="2026-12-31"
                value={to}
                onChange={(e) => setTo(e.currentTarget.value)}
              />
            </Group>
          </>
        )}
        {kind === 'repair_results' && (
          <Group grow>
            <TextInput
              label="决定日期自"
              placeholder="2026-01-01"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
            <TextInput
              label="至"
              placeholder="2026-12-31"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
            />
          </Group>
        )}
        {kind === 'template' && (
          <Select
            label="模板类别"
            data={IMPORT_KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))}
            value={importKind}
            onChange={(v) => {
              if (!v) return;
              setImportKind(v as ImportKind);
              setDone(null);
              setError(null);
            }}
            allowDeselect={false}
            data-testid="export-template-kind"
          />
        )}
        {job.running && <JobBar label="正在导出" progress={job.progress} onCancel={job.cancel} />}
        {error && <Alert color="red">{error}</Alert>}
        {done && (
          <Alert color="green" data-testid="export-done">
            {done}
          </Alert>
        )}
        <Group>
          <Button onClick={run} loading={job.running} data-testid="export-run">
            导出
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
