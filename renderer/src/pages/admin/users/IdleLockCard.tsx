import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../api.ts';
import { useApiMutation, useApiQuery } from '../../../data/api-query.ts';
import { IDLE_CHANGED_EVENT } from '../../../security/session-context.ts';
import { useServerMode } from '../../../security/server-mode.ts';

/** 空闲锁定: how long without activity before the program locks (管理员; default 15 minutes). */
export function IdleLockCard() {
  const server = useServerMode();
  const status = useApiQuery('lock.status', {});
  const [minutes, setMinutes] = useState<number | string>('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const saving = useApiMutation('lock.setIdleSeconds', {
    invalidates: ['lock.status'],
    onSuccess: (r) => {
      window.dispatchEvent(new CustomEvent(IDLE_CHANGED_EVENT, { detail: r.idleLockSeconds }));
      setMessage({ ok: true, text: '已保存，立即生效。' });
    },
    onError: (e) => setMessage({ ok: false, text: errorMessage(e) }),
  });

  // The stored time fills the field once; after that the field holds what the user types.
  const stored = status.data?.idleLockSeconds;
  useEffect(() => {
    if (stored) setMinutes((m) => (m === '' ? Math.round((stored / 60) * 100) / 100 : m));
  }, [stored]);

  const save = () => {
    const m = typeof minutes === 'number' ? minutes : Number(minutes);
    if (!Number.isFinite(m) || m <= 0) return setMessage({ ok: false, text: '请输入分钟数' });
    setMessage(null);
    saving.mutate({ seconds: Math.round(m * 60) });
  };

  return (
    <Paper withBorder p="md" maw={520}>
      <Stack gap="sm">
        <Title order={5}>空闲锁定</Title>
        <Text size="xs" c="dimmed">
          {server
            ? '无人操作超过这段时间，该浏览器的登录自动失效，须重新输入密码才能继续。默认 15 分钟。'
            : '无人操作超过这段时间，程序自动锁定：数据密钥从内存中清除，须重新输入密码才能继续。默认 15 分钟。'}
        </Text>
        <Group align="flex-end">
          <NumberInput
            label="空闲锁定时间（分钟）"
            value={minutes}
            onChange={setMinutes}
            min={0.25}
            max={480}
            decimalScale={2}
            w={200}
            data-testid="idle-minutes"
          />
          <Button onClick={save} loading={saving.isPending} data-testid="idle-save">
            保存
          </Button>
        </Group>
        {message ? (
          <Alert color={message.ok ? 'green' : 'red'} variant="light" data-testid="idle-message">
            {message.text}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
