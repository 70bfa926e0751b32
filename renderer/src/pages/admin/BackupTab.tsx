import { Text } from '@mantine/core';

export function BackupTab() {
  return <Text c="dimmed">备份与恢复：建设中</Text>;
}
