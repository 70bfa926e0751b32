/**
 * A save that waits for a long job's write (an import or a grading run holds the database's one write
 * lock) answers only once the job lets go; meanwhile app.progress carries a notice. While any write of
 * this window is in flight, the header polls app.progress (a passive call: it does not hold off the
 * idle lock) and shows that notice, so a save button that keeps spinning says why.
 */
import { Group, Loader, Text } from '@mantine/core';
import { useIsMutating } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api.ts';

const POLL_MS = 500;

export function WriteWaitIndicator() {
  const writing = useIsMutating() > 0;
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!writing) {
      setNotice(null);
      return;
    }
    let live = true;
    const poll = () =>
      api.call('app.progress', {}).then(
        (p) => live && setNotice(p.notice ?? null),
        () => undefined,
      );
    const timer = window.setInterval(poll, POLL_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [writing]);
  if (!notice) return null;
  return (
    <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-testid="write-wait-notice">
      <Loader size={12} color="orange" />
      <Text size="xs" c="orange.8">
        {notice}
      </Text>
    </Group>
  );
}
