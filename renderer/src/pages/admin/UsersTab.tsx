import { Text } from '@mantine/core';

export function UsersTab() {
  return <Text c="dimmed">用户与角色：建设中</Text>;
}
