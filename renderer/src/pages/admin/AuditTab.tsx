import { Text } from '@mantine/core';

export function AuditTab() {
  return <Text c="dimmed">操作日志：建设中</Text>;
}
