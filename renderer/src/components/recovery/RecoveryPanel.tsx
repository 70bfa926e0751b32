import {
  Alert,
  Badge,
  Button,
  Paper,
  PasswordInput,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { Output } from '../../../../shared/api/contract.ts';
import { api, errorMessage } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { formatBackupTime, formatBytes, kindLabel } from '../../pages/admin/backup/format.ts';
import { WaitNote } from '../WaitNote.tsx';

type Recovery = Output<'backup.listForRecovery'>;

/**
 * Shown instead of the login form when the database cannot be opened (login answered
 * 'database_unreadable'): the backups found beside it, the newest good one chosen, and an
 * administrator's name and password as they were when that backup was made. Works before login.
 */
export function RecoveryPanel({
  reason,
  onRestored,
  onCancel,
}: {
  /** The message that brought the user here (the failed login's). */
  reason: string;
  /** Called with a notice for the login page once the database is restored. */
  onRestored: (notice: string) => void;
  onCancel?: () => void;
}) {
  const [data, setData] = useState<Recovery | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.call('backup.listForRecovery', {}).then(
      (d) => {
        setData(d);
        setChosen(d.newestGood);
      },
      (e) => setError(errorMessage(e)),
    );
  }, []);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy || !chosen) return;
    if (!username.trim() || !password) return setError('请输入管理员用户名和密码');
    setBusy(true);
    setError(null);
    try {
      const r = await api.call('backup.restoreForRecovery', {
        id: chosen,
        username: username.trim(),
        password,
      });
      onRestored(`已从 ${formatBackupTime(r.restored.createdAt)} 的备份恢复数据库，请登录。`);
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="xl" maw={640} data-testid="recovery-panel">
      <form onSubmit={(ev) => void submit(ev)} noValidate>
        <Stack gap="md">
          <Title order={4}>数据库无法打开</Title>
          <Alert color="red" variant="light">
            {reason}
          </Alert>
          {data && data.backups.length === 0 ? (
            <Text data-testid="recovery-none">
              在数据库旁没有找到备份。如有复制到 U 盘的备份，请由技术人员用命令 creditdesk restore 恢复。
            </Text>
          ) : null}
          {data && data.backups.length > 0 ? (
            <Radio.Group
              label="选择要恢复的备份（已选中最近一份完好的备份）"
              value={chosen}
              onChange={setChosen}
            >
              <Stack gap={6} mt="xs">
                {data.backups.map((b) => (
                  <Radio
                    key={b.id}
                    value={b.id}
                    disabled={b.intact === false}
                    data-testid="recovery-option"
                    label={
                      <span>
                        {formatBackupTime(b.createdAt)}　{kindLabel(b.kind)}　{formatBytes(b.size)}
                        {b.entities !== null ? `　${formatCount(b.entities)} 户` : ''}{' '}
                        {b.intact === true ? (
                          <Badge size="xs" color="green" variant="light">
                            完好
                          </Badge>
                        ) : b.intact === false ? (
                          <Badge size="xs" color="red" variant="light">
                            已损坏
                          </Badge>
                        ) : null}
                      </span>
                    }
                  />
                ))}
              </Stack>
            </Radio.Group>
          ) : null}
          <Text size="sm" c="dimmed">
            请输入备份当时的管理员用户名和密码。恢复前会校验备份能否打开、是否完整；当前的数据库文件会保存为“恢复前的安全副本”。
          </Text>
          <TextInput
            label="管理员用户名"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            data-testid="recovery-username"
          />
          <PasswordInput
            label="密码"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="recovery-password"
          />
          {error ? (
            <Alert color="red" variant="light" role="alert" data-testid="recovery-error">
              {error}
            </Alert>
          ) : null}
          <Button
            type="submit"
            color="orange"
            loading={busy}
            disabled={!chosen}
            data-testid="recovery-submit"
          >
            校验并恢复
          </Button>
          {busy ? (
            <WaitNote text="正在验证密码、校验备份并恢复…" detail="需要一些时间，请勿关闭程序" />
          ) : null}
          {onCancel ? (
            <Button variant="subtle" onClick={onCancel} disabled={busy}>
              返回登录
            </Button>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
