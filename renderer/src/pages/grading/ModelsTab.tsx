import {
  Alert,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  List,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import type { GradingModel } from '../../../../shared/grading/types.ts';
import { ApiError, api, errorMessage } from '../../api.ts';
import { failureText, useApiQuery, useInvalidateApi } from '../../data/api-query.ts';
import { gradeColor } from './grades.ts';
import { ModelEditForm } from './ModelEditForm.tsx';

const keyOf = (m: { id: string; version: string }) => `${m.id}@${m.version}`;

/** Saves text as a file through the browser's download (no Node in the renderer). */
function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** 评价模型: each model's bands, indicators and overrides in plain Chinese; import and export as JSON. */
export function ModelsTab({ canManage, canEdit }: { canManage: boolean; canEdit: boolean }) {
  const list = useApiQuery('models.list', {});
  const invalidate = useInvalidateApi();
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [importResult, setImportResult] = useState<
    { ok: true; text: string } | { ok: false; text: string; items: string[] } | null
  >(null);

  const models = list.data?.models ?? [];
  // Until the user picks one, the first model is shown.
  const selected = picked ?? (models[0] ? keyOf(models[0]) : null);
  const model = models.find((x) => keyOf(x) === selected);
  const got = useApiQuery(
    'models.get',
    { id: model?.id ?? '', version: model?.version ?? null },
    { enabled: model !== undefined },
  );
  const detail = model ? (got.data ?? null) : null;
  const shownError = error ?? failureText(list.error) ?? failureText(got.error);

  /** A model was added or saved as a new version: every cached list of models is stale. */
  const added = async (key: string) => {
    setPicked(key);
    await invalidate('models');
  };

  const onImport = async (file: File | null) => {
    if (!file) return;
    setImportResult(null);
    try {
      const text = await file.text();
      const { summary } = await api.call('models.import', { json: text });
      setImportResult({ ok: true, text: `已导入“${summary.name}”（版本 ${summary.version}）。` });
      await added(keyOf(summary));
    } catch (e) {
      const items =
        // Each message says where in the model it is, in words; the JSON path stays out of sight.
        e instanceof ApiError && e.fields ? Object.values(e.fields) : [];
      setImportResult({ ok: false, text: errorMessage(e), items });
    }
  };

  const onExport = async () => {
    if (!detail) return;
    try {
      const r = await api.call('models.export', { id: detail.summary.id, version: detail.summary.version });
      download(r.fileName, r.json);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Stack gap="md">
      <Group align="flex-end" justify="space-between">
        <Select
          label="评价模型"
          w={520}
          data={models.map((m) => ({
            value: keyOf(m),
            label: `${m.name}（版本 ${m.version}${m.builtIn ? '，内置' : '，导入'}）`,
          }))}
          value={selected}
          onChange={setPicked}
          allowDeselect={false}
          data-testid="model-select"
        />
        {canManage ? (
          <Group gap="sm">
            <FileButton onChange={onImport} accept="application/json,.json">
              {(props) => (
                <Button variant="default" {...props} data-testid="model-import">
                  导入模型（JSON）
                </Button>
              )}
            </FileButton>
            <Button variant="light" onClick={onExport} disabled={!detail} data-testid="model-export">
              导出为 JSON
            </Button>
          </Group>
        ) : null}
      </Group>
      {shownError ? <Alert color="red">{shownError}</Alert> : null}
      {saved ? (
        <Alert color="teal" withCloseButton onClose={() => setSaved(null)} data-testid="model-edit-saved">
          {saved}
        </Alert>
      ) : null}
      {importResult ? (
        <Alert
          color={importResult.ok ? 'teal' : 'red'}
          title={importResult.ok ? '导入成功' : '模型文件未导入'}
          withCloseButton
          onClose={() => setImportResult(null)}
          data-testid="model-import-result"
        >
          <Text size="sm">{importResult.text}</Text>
          {!importResult.ok && importResult.items.length > 0 ? (
            <List size="sm" mt={4}>
              {importResult.items.slice(0, 20).map((x) => (
                <List.Item key={x}>{x}</List.Item>
              ))}
            </List>
          ) : null}
        </Alert>
      ) : null}
      {detail ? (
        <Card withBorder padding="md" data-testid="model-detail">
          <Group gap="sm" mb="xs">
            <Title order={4}>{detail.summary.name}</Title>
            <Badge variant="light" radius="sm" color={detail.summary.builtIn ? 'gov' : 'grape'}>
              {detail.summary.builtIn ? '内置' : '导入'}
            </Badge>
            <Text size="sm" c="dimmed">
              版本 {detail.summary.version}
              {detail.summary.effectiveFrom ? ` · ${detail.summary.effectiveFrom} 起施行` : ''}
            </Text>
            <Tooltip label="只有管理员可以修改评价模型" disabled={canEdit}>
              {/* A disabled button gets no mouse events: the wrapper shows the tooltip. */}
              <span style={{ marginLeft: 'auto' }} data-testid="model-edit-wrap">
                <Button
                  size="xs"
                  variant="light"
                  disabled={!canEdit}
                  onClick={() => setEditing(true)}
                  data-testid="model-edit-open"
                >
                  修改分数段和分值
                </Button>
              </span>
            </Tooltip>
          </Group>
          {detail.description.notes.map((n) => (
            <Text key={n} size="sm" c="dimmed">
              {n}
            </Text>
          ))}
          <Text size="sm" mt="xs">
            {detail.description.scale}
          </Text>
          <Title order={6} mt="md" mb="xs">
            等级与分数段
          </Title>
          <Table withTableBorder verticalSpacing={4} maw={640} data-testid="model-bands">
            <Table.Tbody>
              {detail.description.bands.map((b) => (
                <Table.Tr key={b.grade}>
                  <Table.Td w={70}>
                    <Badge radius="sm" color={gradeColor(b.grade, detail.summary.grades)}>
                      {b.grade}
                    </Badge>
                  </Table.Td>
                  <Table.Td w={200}>{b.label}</Table.Td>
                  <Table.Td>{b.range}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={6} mt="md" mb="xs">
            评价指标（{detail.description.indicators.length} 项）
          </Title>
          <List size="sm" spacing={4} data-testid="model-indicators">
            {detail.description.indicators.map((x) => (
              <List.Item key={x}>{x}</List.Item>
            ))}
          </List>
          {detail.description.overrides.length > 0 ? (
            <>
              <Title order={6} mt="md" mb="xs">
                直接定级和等级上限
              </Title>
              <List size="sm" spacing={4} data-testid="model-overrides">
                {detail.description.overrides.map((x) => (
                  <List.Item key={x}>{x}</List.Item>
                ))}
              </List>
            </>
          ) : null}
        </Card>
      ) : null}
      {detail && editing ? (
        <ModelEditForm
          key={keyOf(detail.summary)}
          model={JSON.parse(detail.json) as GradingModel}
          opened={editing}
          onClose={() => setEditing(false)}
          onSaved={(s) => {
            setEditing(false);
            setSaved(
              `已保存为“${s.name}”第 ${s.version} 版${s.effectiveFrom ? `（${s.effectiveFrom} 起施行）` : ''}。`,
            );
            void added(keyOf(s));
          }}
        />
      ) : null}
    </Stack>
  );
}
