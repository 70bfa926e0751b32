import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { BackupInfo } from '../../../../../shared/api/contracts/backup.ts';
import { api, errorMessage, SESSION_LOST_EVENT } from '../../../api.ts';
import { formatBackupTime } from './format.ts';
import { WaitNote } from '../../../components/WaitNote.tsx';

/**
 * 从备份恢复: the administrator confirms with the password (as it was when the backup was made). On
 * success the session is over: the app returns to the login page with a notice.
 */
export function RestoreDialog({ backup, onClose }: { backup: BackupInfo | null; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!backup || busy) return;
    if (!password) return setError('请输入密码');
    setBusy(true);
    setError(null);
    try {
      await api.call('backup.restore', { id: backup.id, password });
      window.dispatchEvent(
        new CustomEvent(SESSION_LOST_EVENT, {
          detail: `已从 ${formatBackupTime(backup.createdAt)} 的备份恢复数据库，请重新登录。`,
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <Modal opened={backup !== null} onClose={onClose} title="从备份恢复数据库" centered>
      {backup ? (
        <form onSubmit={(ev) => void submit(ev)} noValidate data-testid="restore-form">
          <Stack gap="sm">
            <Alert color="orange" variant="light">
              数据库将恢复到 {formatBackupTime(backup.createdAt)}{' '}
              的状态，此后的改动不再出现在数据库中。当前数据库会先保存为“恢复前的安全副本”，恢复后所有用户须重新登录。
            </Alert>
            <Text size="sm">
              请输入您在备份当时的密码：备份中保存的是当时的用户和密码。恢复前会先校验备份能否打开、是否完整。
            </Text>
            <PasswordInput
              label="密码"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              data-testid="restore-password"
              autoFocus
            />
            {error ? (
              <Alert color="red" variant="light" role="alert" data-testid="restore-error">
                {error}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} disabled={busy}>
                取消
              </Button>
              <Button type="submit" color="orange" loading={busy} data-testid="restore-confirm">
                校验并恢复
              </Button>
            </Group>
            {busy ? (
              <WaitNote text="正在验证密码、校验备份并恢复…" detail="需要一些时间，请勿关闭程序" />
            ) : null}
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
