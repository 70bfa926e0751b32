/**
 * What app.progress says beside the progress itself: today only that a write is waiting for another
 * one to finish (另一项写入正在进行，等待中…), so a bar that stands still is not taken for a frozen program.
 */
import { Text } from '@mantine/core';
import type { JobProgress } from '../../../shared/api/contract.ts';

export function ProgressNotice({ progress }: { progress: JobProgress | null }) {
  if (!progress?.notice) return null;
  return (
    <Text size="xs" c="orange.8" role="status" aria-live="polite" data-testid="progress-notice">
      {progress.notice}
    </Text>
  );
}
