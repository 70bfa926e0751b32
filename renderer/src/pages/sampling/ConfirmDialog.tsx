/**
 * Asks before a step that cannot be undone (确认抽取, 确认公示), saying what will happen in words; the
 * confirm button repeats the action's name so a quick Enter is not a surprise.
 */
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

export function ConfirmDialog({
  opened,
  title,
  confirmLabel,
  color = 'red',
  busy = false,
  onConfirm,
  onCancel,
  children,
}: {
  opened: boolean;
  title: string;
  confirmLabel: string;
  color?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** What will happen, in plain words. */
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title} size="lg" centered>
      <Stack data-testid="confirm-dialog">
        <div data-testid="confirm-text">{children}</div>
        <Alert color="orange" variant="light">
          此操作完成后不能撤销。
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy} data-testid="confirm-cancel">
            返回
          </Button>
          <Button color={color} loading={busy} onClick={onConfirm} data-testid="confirm-ok">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
