import { Button } from '@mantine/core';

/** 设置 → 连接方式: where the officer switches between this computer's database and the bureau server. */
export function ConnectionLink({ onOpen, size = 'xs' }: { onOpen: () => void; size?: 'xs' | 'sm' }) {
  return (
    <Button variant="subtle" size={size} color="gray" onClick={onOpen} data-testid="connection-open">
      设置：连接方式
    </Button>
  );
}
