import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { anchorText } from '../../../../../shared/audit/anchor.ts';
import { failureText, useApiQuery } from '../../../data/api-query.ts';
import { formatLocalTime } from './audit-labels.ts';

/**
 * The log's current last entry and its hash, to be written down or printed: a copy kept outside the
 * computer is an anchor no one holding the data key can change (docs/security.md). The line shown is
 * the wording `audit verify` reads back from a file.
 */
export function AuditHeadCard() {
  const query = useApiQuery('audit.head', {});
  const head = query.data ?? null;
  const error = failureText(query.error);

  if (error) {
    return (
      <Alert color="red" variant="light">
        {error}
      </Alert>
    );
  }
  if (!head) return null;
  return (
    <Stack gap={6} data-testid="audit-head">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text size="sm" fw={500}>
          当前链尾：第 {head.id.toLocaleString('zh-CN')} 条记录（共 {head.entries.toLocaleString('zh-CN')} 条
          {head.at ? `，${formatLocalTime(head.at)}` : ''}）
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="default"
            size="xs"
            onClick={() => void query.refetch()}
            data-testid="audit-head-refresh"
          >
            刷新
          </Button>
          <Button variant="default" size="xs" onClick={() => window.print()} data-testid="audit-head-print">
            打印
          </Button>
        </Group>
      </Group>
      <Code block data-testid="audit-head-text" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {anchorText(head, head.at ?? undefined)}
      </Code>
      <Text size="xs" c="dimmed">
        请定期抄录或打印这一行并妥善保存（例如附在季度报告中）。日后若有人删除或改写了操作日志，即使重新计算了全部哈希，也会与这一行对不上。
      </Text>
    </Stack>
  );
}
