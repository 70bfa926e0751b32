import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { JobProgress } from '../../../../shared/api/contract.ts';
import { ProgressNotice } from '../../components/ProgressNotice.tsx';
import { formatCount } from '../../format.ts';

/** Progress of a running import or export: stage, rows done / total (or rows read so far), and a cancel button. */
export function JobBar({
  label,
  progress,
  onCancel,
}: {
  label: string;
  progress: JobProgress;
  onCancel: () => void;
}) {
  const percent = progress.total > 0 ? Math.min(100, (progress.done / progress.total) * 100) : 0;
  return (
    <Stack gap={6} data-testid="exchange-job">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          {progress.stage || label}
          {progress.total > 0
            ? `：${formatCount(progress.done)} / ${formatCount(progress.total)} 行`
            : progress.done > 0
              ? `：已读取 ${formatCount(progress.done)} 行……` // a file read before its length is known
              : '……'}
        </Text>
        <Button size="xs" variant="default" color="red" onClick={onCancel} data-testid="exchange-cancel">
          取消
        </Button>
      </Group>
      {progress.total > 0 ? <Progress value={percent} /> : <Progress value={100} striped animated />}
      <ProgressNotice progress={progress} />
    </Stack>
  );
}
