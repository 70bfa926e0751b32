import { Loader, Group, Text } from '@mantine/core';
import { useEffect } from 'react';
import { SESSION_LOST_EVENT } from '../api.ts';
import { useApiQuery } from '../data/api-query.ts';

/** What the login page says when the background check found the file damaged. */
export const DAMAGED_NOTICE =
  '后台完整性检查发现数据库文件已损坏，已停止使用该文件。请重新登录，按提示从备份恢复。';

const POLL_MS = 2000;

/**
 * SPEC §9: a big database is quick_checked in the background after login (app.status.integrity is
 * 'checking'), and the day's first login starts the daily backup there too (app.status.dailyBackup).
 * Shows a discreet note while either runs, a red one if the backup failed and, if the file turns out damaged, sends the user
 * back to the login page, whose next attempt opens the recovery screen. app.status is a passive call,
 * so polling it does not hold off the idle lock; polling stops once the check has ended.
 */
/** The day's backup has not ended yet: it waits for the check (or the first screen) or runs. */
function backupPending(state: string | undefined): boolean {
  return state === 'waiting' || state === 'running';
}

export function IntegrityIndicator() {
  const status = useApiQuery(
    'app.status',
    {},
    {
      refetchInterval: (q) =>
        q.state.data?.integrity === 'checking' || backupPending(q.state.data?.dailyBackup?.state)
          ? POLL_MS
          : false,
    },
  );
  // A failed call leaves no data: the backend is gone, and the page's own calls say so.
  const integrity = status.data?.integrity;
  useEffect(() => {
    if (integrity === 'damaged')
      window.dispatchEvent(new CustomEvent(SESSION_LOST_EVENT, { detail: DAMAGED_NOTICE }));
  }, [integrity]);
  const checking = integrity === 'checking';
  const backup = status.data?.dailyBackup?.state;
  if (!checking && !backupPending(backup) && backup !== 'failed') return null;
  return (
    <Group gap={12} wrap="nowrap">
      {checking && (
        <Group gap={6} wrap="nowrap" data-testid="integrity-checking">
          <Loader size={12} color="gray" />
          <Text size="xs" c="dimmed">
            正在后台检查数据库完整性…
          </Text>
        </Group>
      )}
      {backup === 'waiting' && !checking && (
        <Group gap={6} wrap="nowrap" data-testid="daily-backup-waiting">
          <Loader size={12} color="gray" />
          <Text size="xs" c="dimmed">
            即将开始每日自动备份…
          </Text>
        </Group>
      )}
      {backup === 'running' && (
        <Group gap={6} wrap="nowrap" data-testid="daily-backup-running">
          <Loader size={12} color="gray" />
          <Text size="xs" c="dimmed">
            正在后台进行每日自动备份…
          </Text>
        </Group>
      )}
      {backup === 'failed' && (
        <Text size="xs" c="red" data-testid="daily-backup-failed">
          今日自动备份未完成，请到“系统管理 → 备份与恢复”手动备份。
        </Text>
      )}
    </Group>
  );
}
