/**
 * Says what a wait of more than a second is waiting for, under the button that spins meanwhile, so an
 * officer does not take a slow step for a frozen program.
 */
import { Stack, Text } from '@mantine/core';

/** Checking a password takes a few seconds on purpose: it makes guessing passwords slow. */
export const PASSWORD_CHECK_NOTE = '正在验证密码…';
export const PASSWORD_CHECK_WHY = '为防止密码被猜测，验证需要几秒钟';
/** Storing a new password runs the same deliberately slow function. */
export const PASSWORD_HASH_WHY = '为防止密码被猜测，加密密码需要几秒钟';

export function WaitNote({
  text,
  detail,
  'data-testid': testId,
}: {
  text: string;
  detail?: string;
  'data-testid'?: string;
}) {
  return (
    <Stack gap={2} align="center" role="status" aria-live="polite" data-testid={testId}>
      <Text size="sm">{text}</Text>
      {detail ? (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      ) : null}
    </Stack>
  );
}
