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
 * 'checking'). Shows a discreet note while it runs and, if the file turns out damaged, sends the user
 * back to the login page, whose next attempt opens the recovery screen. app.status is a passive call,
 * so polling it does not hold off the idle lock; polling stops once the check has ended.
 */
export function IntegrityIndicator() {
  const status = useApiQuery(
    'app.status',
    {},
    { refetchInterval: (q) => (q.state.data?.integrity === 'checking' ? POLL_MS : false) },
  );
  // A failed call leaves no data: the backend is gone, and the page's own calls say so.
  const integrity = status.data?.integrity;
  useEffect(() => {
    if (integrity === 'damaged')
      window.dispatchEvent(new CustomEvent(SESSION_LOST_EVENT, { detail: DAMAGED_NOTICE }));
  }, [integrity]);
  const checking = integrity === 'checking';
  if (!checking) return null;
  return (
    <Group gap={6} wrap="nowrap" data-testid="integrity-checking">
      <Loader size={12} color="gray" />
      <Text size="xs" c="dimmed">
        正在后台检查数据库完整性…
      </Text>
    </Group>
  );
}
