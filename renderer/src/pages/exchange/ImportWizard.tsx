/**
 * The import wizard (SPEC §7): pick the kind and file → sheet → column mapping → validation preview
 * (filter errors / warnings, download the error report) → commit → result. Nothing is written before
 * the commit step; the preview runs the whole validation and says what the commit would do.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  NumberInput,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { ImportCounts, ImportPreview, MappingInput } from '../../../../shared/api/contracts/exchange.ts';
import { fileReadErrorMessage } from '../../../../shared/exchange/file-read-error.ts';
import { IMPORT_KIND_LABELS, IMPORT_KINDS, type ImportKind } from '../../../../shared/exchange/types.ts';
import { api, errorMessage } from '../../api.ts';
import { useApiMutation } from '../../data/api-query.ts';
import { EVERY_AREA } from '../../data/query-keys.ts';
import { formatCount } from '../../format.ts';
import { JobBar } from './JobBar.tsx';
import { saveDownload, uploadFile } from './transfer.ts';
import { useJob } from './useJob.ts';

/** Every import kind of SPEC §7, in the vocabulary's order. */
export const WIZARD_KINDS: readonly ImportKind[] = IMPORT_KINDS;

const OUTCOME_LABELS = { inserted: '新增', updated: '更新', unchanged: '未变', skipped: '不导入' } as const;

function CountsGrid({ counts, testid }: { counts: ImportCounts; testid: string }) {
  const items: [string, number, string][] = [
    ['数据行', counts.rows, 'rows'],
    ['新增', counts.inserted, 'inserted'],
    ['更新', counts.updated, 'updated'],
    ['未变', counts.unchanged, 'unchanged'],
    ['有提示', counts.warnings, 'warnings'],
    ['有错误', counts.errors, 'errors'],
  ];
  return (
    <SimpleGrid cols={6} data-testid={testid}>
      {items.map(([label, n, key]) => (
        <Card key={key} withBorder padding="xs">
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text
            fw={700}
            c={key === 'errors' && n > 0 ? 'red' : key === 'warnings' && n > 0 ? 'orange' : undefined}
            data-testid={`${testid}-${key}`}
          >
            {formatCount(n)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

export function ImportWizard() {
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>('entities');
  const [file, setFile] = useState<File | null>(null);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  const [headerRow, setHeaderRow] = useState<number | null>(null);
  const [mapping, setMapping] = useState<MappingInput | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [filter, setFilter] = useState<'all' | 'error' | 'warning'>('all');
  const [result, setResult] = useState<{ batchId: number | null; counts: ImportCounts } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useJob();
  // Preview and commit are long jobs: each call runs inside `job.run`, which shows its progress.
  const previewCall = useApiMutation('exchange.preview');
  // An import can touch every area: entities, records, reference data, and the import history itself.
  const commitCall = useApiMutation('exchange.commit', { invalidates: [EVERY_AREA] });
  const reportCall = useApiMutation('exchange.errorReport');

  useEffect(
    () => () => {
      if (uploadId) void api.call('exchange.discard', { uploadId }).catch(() => undefined);
    },
    [uploadId],
  );

  async function load(
    opts: { sheet?: string | null; mapping?: MappingInput | null; headerRow?: number | null },
    next: number,
  ) {
    if (!uploadId) return;
    setError(null);
    try {
      const p = await job.run(() =>
        previewCall.mutateAsync({
          uploadId,
          kind,
          ...(opts.sheet ? { sheet: opts.sheet } : {}),
          ...(opts.headerRow ? { headerRow: opts.headerRow } : {}),
          ...(opts.mapping ? { mapping: opts.mapping } : {}),
        }),
      );
      if (opts.headerRow !== undefined) setHeaderRow(opts.headerRow);
      setPreview(p);
      setSheet(p.sheet);
      setMapping(p.columns.map((c) => ({ index: c.index, field: c.field })));
      // Without a header or with a required column unmapped there is nothing to validate yet.
      setStep(!p.headerFound ? 1 : p.missingRequired.length > 0 ? Math.min(next, 2) : next);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function start() {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      if (file.size === 0) throw new Error('文件是空的');
      const id = await uploadFile(file);
      setUploadId(id);
      const p = await job.run(() => previewCall.mutateAsync({ uploadId: id, kind }));
      setPreview(p);
      setSheet(p.sheet);
      setMapping(p.columns.map((c) => ({ index: c.index, field: c.field })));
      setStep(1);
    } catch (e) {
      // A file the system will not let us read (Kylin's 应用保护) gets its cause and fix in Chinese.
      setError(
        fileReadErrorMessage(e) ??
          (e instanceof Error && !(e as { code?: string }).code
            ? `无法读取文件：${e.message}`
            : errorMessage(e)),
      );
    } finally {
      setBusy(false);
    }
  }

  /** Sheet, header row and mapping as the user confirmed them, for commit and the error report. */
  function scope() {
    return {
      ...(sheet ? { sheet } : {}),
      ...(headerRow ? { headerRow } : {}),
      ...(mapping ? { mapping } : {}),
    };
  }

  async function commit() {
    if (!uploadId) return;
    setError(null);
    try {
      const r = await job.run(() => commitCall.mutateAsync({ uploadId, kind, ...scope() }));
      setResult(r);
      setStep(4);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function errorReport() {
    if (!uploadId) return;
    setError(null);
    try {
      const d = await job.run(() => reportCall.mutateAsync({ uploadId, kind, ...scope() }));
      await saveDownload(d);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function reset() {
    if (uploadId) void api.call('exchange.discard', { uploadId }).catch(() => undefined);
    setUploadId(null);
    setFile(null);
    setPreview(null);
    setResult(null);
    setMapping(null);
    setSheet(null);
    setHeaderRow(null);
    setFilter('all');
    setStep(0);
  }

  const fieldOptions = useMemo(
    () => [
      { value: '', label: '（不导入此列）' },
      ...(preview?.fields ?? []).map((f) => ({
        value: f.field,
        label: `${f.required ? '*' : ''}${f.label}`,
      })),
    ],
    [preview],
  );

  const issuesByRow = useMemo(() => {
    const m = new Map<number, NonNullable<typeof preview>['issues']>();
    for (const i of preview?.issues ?? []) m.set(i.row, [...(m.get(i.row) ?? []), i]);
    return m;
  }, [preview]);

  const shownRows = (preview?.rows ?? []).filter((r) => filter === 'all' || r.status === filter);
  const working = job.running || busy;

  return (
    <Stack gap="md" data-testid="import-wizard">
      <Stepper active={step} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="选择文件" />
        <Stepper.Step label="工作表" />
        <Stepper.Step label="列映射" />
        <Stepper.Step label="校验预览" />
        <Stepper.Step label="导入结果" />
      </Stepper>

      {error && (
        <Alert color="red" title="操作未完成" data-testid="import-error" style={{ whiteSpace: 'pre-line' }}>
          {error}
        </Alert>
      )}
      {job.running && <JobBar label="正在处理" progress={job.progress} onCancel={job.cancel} />}

      {step === 0 && (
        <Card withBorder>
          <Stack gap="sm" maw={560}>
            <Select
              label="导入类别"
              data={WIZARD_KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))}
              value={kind}
              onChange={(v) => v && setKind(v as ImportKind)}
              allowDeselect={false}
              data-testid="import-kind"
            />
            <FileInput
              label="表格文件"
              description="支持 .xlsx、.xls、WPS .et、.ods、.csv；标题行、填写说明和示例行会自动跳过"
              placeholder="点击选择文件"
              accept=".xlsx,.xls,.et,.ods,.csv,.txt"
              value={file}
              onChange={setFile}
              clearable
              data-testid="import-file"
            />
            <Group>
              <Button onClick={start} disabled={!file || working} loading={busy} data-testid="import-start">
                读取文件
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      {step === 1 && preview && (
        <Card withBorder>
          <Stack gap="sm">
            <Text size="sm">
              文件：<b>{preview.fileName}</b>
            </Text>
            <Select
              label="工作表"
              maw={360}
              data={preview.sheets}
              value={sheet}
              onChange={(v) => v && void load({ sheet: v, headerRow: null }, 1)}
              allowDeselect={false}
              disabled={working}
              data-testid="import-sheet"
            />
            {preview.headerFound ? (
              <Text size="sm" data-testid="import-header-row">
                表头在第 {preview.headerRow} 行。
              </Text>
            ) : (
              <Alert color="orange">{preview.headerMessage}</Alert>
            )}
            <Group align="flex-end">
              <NumberInput
                label="表头所在行（识别有误时可指定）"
                w={240}
                min={1}
                max={1000}
                allowDecimal={false}
                value={headerRow ?? (preview.headerFound ? preview.headerRow : '')}
                onChange={(v) => setHeaderRow(typeof v === 'number' ? v : null)}
                data-testid="import-header-input"
              />
              <Button
                variant="default"
                disabled={!headerRow || working}
                onClick={() => void load({ sheet, headerRow }, 1)}
                data-testid="import-header-apply"
              >
                按此行读取
              </Button>
            </Group>
            {preview.skipped.length > 0 && (
              <Stack gap={2}>
                {preview.skipped.map((s) => (
                  <Text key={s.row} size="xs" c="dimmed">
                    {s.message}
                  </Text>
                ))}
              </Stack>
            )}
            <Group>
              <Button variant="default" onClick={reset}>
                重新选择
              </Button>
              <Button
                onClick={() => setStep(2)}
                disabled={!preview.headerFound || working}
                data-testid="import-next-sheet"
              >
                下一步
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      {step === 2 && preview && mapping && (
        <Card withBorder>
          <Stack gap="sm">
            <Text size="sm">
              请核对每一列对应的内容；带 * 的为必填项。确认后的对应关系会被记住，下次导入同样表头时自动使用。
            </Text>
            {preview.missingRequired.length > 0 && (
              <Alert color="orange" data-testid="import-missing">
                缺少必填列：{preview.missingRequired.join('、')}
              </Alert>
            )}
            <ScrollArea.Autosize mah={420}>
              <Table striped withTableBorder data-testid="import-mapping">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={60}>列</Table.Th>
                    <Table.Th>文件中的表头</Table.Th>
                    <Table.Th w={280}>对应内容</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.columns.map((c) => (
                    <Table.Tr key={c.index}>
                      <Table.Td>{c.letter}</Table.Td>
                      <Table.Td>{c.header || '（空）'}</Table.Td>
                      <Table.Td>
                        <Select
                          size="xs"
                          data={fieldOptions}
                          value={mapping.find((m) => m.index === c.index)?.field ?? ''}
                          onChange={(v) =>
                            setMapping(
                              mapping.map((m) =>
                                m.index === c.index ? { index: m.index, field: v || null } : m,
                              ),
                            )
                          }
                          allowDeselect={false}
                          aria-label={`${c.letter} 列对应内容`}
                          data-testid={`import-map-${c.letter}`}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            <Group>
              <Button variant="default" onClick={() => setStep(1)}>
                上一步
              </Button>
              <Button
                onClick={() => void load({ sheet, mapping }, 3)}
                disabled={working}
                data-testid="import-validate"
              >
                校验数据
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      {step === 3 && preview && (
        <Card withBorder>
          <Stack gap="sm">
            <CountsGrid counts={preview.counts} testid="import-preview-counts" />
            {preview.counts.errors > 0 && (
              <Alert color="red" variant="light">
                有 {formatCount(preview.counts.errors)}{' '}
                行存在错误，导入时将跳过这些行。可下载错误报告（原始行加「错误说明」列），改正后再次导入。
              </Alert>
            )}
            <Group justify="space-between">
              <SegmentedControl
                size="xs"
                value={filter}
                onChange={(v) => setFilter(v as typeof filter)}
                data={[
                  { value: 'all', label: '全部' },
                  { value: 'error', label: `错误（${preview.counts.errors}）` },
                  { value: 'warning', label: `提示（${preview.counts.warnings}）` },
                ]}
                data-testid="import-filter"
              />
              <Button
                size="xs"
                variant="default"
                onClick={errorReport}
                disabled={preview.counts.errors === 0 || working}
                data-testid="import-error-report"
              >
                下载错误报告
              </Button>
            </Group>
            <ScrollArea.Autosize mah={420}>
              <Table withTableBorder data-testid="import-preview-rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>行号</Table.Th>
                    <Table.Th w={90}>结果</Table.Th>
                    <Table.Th>内容</Table.Th>
                    <Table.Th>说明</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shownRows.map((r) => (
                    <Table.Tr key={r.row} data-status={r.status}>
                      <Table.Td>{r.row}</Table.Td>
                      <Table.Td>
                        <Badge
                          size="sm"
                          variant="light"
                          color={r.status === 'error' ? 'red' : r.status === 'warning' ? 'orange' : 'green'}
                        >
                          {OUTCOME_LABELS[r.outcome]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" lineClamp={2}>
                          {r.cells.filter(Boolean).join(' | ')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {(issuesByRow.get(r.row) ?? []).map((i) => (
                          <Text
                            key={`${i.column}:${i.severity}:${i.message}`}
                            size="xs"
                            c={i.severity === 'error' ? 'red' : 'orange'}
                          >
                            {i.column ? `${i.column} 列：` : ''}
                            {i.message}
                          </Text>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {preview.truncated && (
              <Text size="xs" c="dimmed">
                问题较多，此处只列出一部分；完整内容见错误报告。
              </Text>
            )}
            <Group>
              <Button variant="default" onClick={() => setStep(2)} disabled={working}>
                上一步
              </Button>
              <Button
                onClick={commit}
                disabled={working || preview.counts.rows === preview.counts.errors}
                data-testid="import-commit"
              >
                确认导入
                {preview.counts.errors > 0 ? `（跳过 ${formatCount(preview.counts.errors)} 行错误）` : ''}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      {step === 4 && result && (
        <Card withBorder data-testid="import-result">
          <Stack gap="sm">
            <Text fw={600}>
              导入完成{result.batchId ? `，批次编号 ${result.batchId}` : ''}
              。如有误，可在「导入记录」中撤销本批次。
            </Text>
            <CountsGrid counts={result.counts} testid="import-result-counts" />
            <Group>
              {result.counts.errors > 0 && (
                <Button
                  variant="default"
                  onClick={errorReport}
                  disabled={working}
                  data-testid="import-result-error-report"
                >
                  下载错误报告
                </Button>
              )}
              <Button onClick={reset} data-testid="import-again">
                继续导入
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
