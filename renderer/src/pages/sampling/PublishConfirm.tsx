/** 确认公示 asks first: publishing makes the task's results final, and that cannot be undone. */
import { Text } from '@mantine/core';
import { ConfirmDialog } from './ConfirmDialog.tsx';

export function PublishConfirm({
  opened,
  taskName,
  entries,
  busy,
  onConfirm,
  onCancel,
}: {
  opened: boolean;
  taskName: string;
  entries: number;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      opened={opened}
      title="确认公示"
      confirmLabel="确认公示"
      color="teal"
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Text size="sm">
        「{taskName}」的 {entries}{' '}
        户检查结果将作为公示定稿：任务状态改为“已公示”，检查结果不能再修改，公示期限提醒随之结束。
      </Text>
      <Text size="sm" mt="xs">
        请确认结果已经审核无误；公示信息可随后用“导出公示信息”报送国家企业信用信息公示系统。
      </Text>
    </ConfirmDialog>
  );
}
