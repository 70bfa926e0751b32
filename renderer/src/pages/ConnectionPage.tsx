import {
  Alert,
  Box,
  Button,
  Center,
  Checkbox,
  Code,
  Group,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Output, StoredChoice } from '../../../shared/api/contract.ts';
import { api, errorMessage } from '../api.ts';
import { Brand } from '../components/Brand.tsx';

type Probed = Output<'connection.probe'>;

/** AB:CD:… — the form certificate dialogs and the administrator's sheet show. */
export function fingerprintForDisplay(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

/** 32 groups as two lines of 16, so the eye can follow them against the administrator's sheet. */
function inTwoLines(display: string): string {
  const groups = display.split(':');
  return `${groups.slice(0, 16).join(':')}:\n${groups.slice(16).join(':')}`;
}

/**
 * 连接方式: this computer's own encrypted database, or the bureau's server (issue 17). At the desktop
 * app's first run, and from the login page or the header (设置) later. A server is checked before it
 * can be saved: the officer sees its certificate's fingerprint and, when the system does not trust the
 * certificate, confirms it matches the one the administrator gave — that fingerprint is then pinned.
 */
export function ConnectionPage({
  current,
  notice,
  first,
  onBack,
}: {
  current: StoredChoice | null;
  notice: string | null;
  /** First run: no way back, a choice must be made (本机数据库 is preselected). */
  first: boolean;
  onBack: () => void;
}) {
  const [mode, setMode] = useState<'desk' | 'server'>(current?.mode ?? 'desk');
  const [url, setUrl] = useState(current?.mode === 'server' ? current.url : '');
  const [pin, setPin] = useState(
    current?.mode === 'server' && current.fingerprint ? fingerprintForDisplay(current.fingerprint) : '',
  );
  const [probed, setProbed] = useState<Probed | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'probe' | 'save' | null>(null);
  const [saved, setSaved] = useState<Output<'connection.set'> | null>(null);

  const changeServer = (next: () => void) => {
    next();
    setProbed(null);
    setConfirmed(false);
    setError(null);
  };

  const probe = async () => {
    setBusy('probe');
    setError(null);
    setProbed(null);
    setConfirmed(false);
    try {
      setProbed(await api.call('connection.probe', { url, fingerprint: pin.trim() || null }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  // An untrusted certificate is pinned: the fingerprint the officer confirmed (or typed beforehand).
  const fingerprint = probed && !probed.trusted ? probed.fingerprint : pin.trim() || null;
  // A fingerprint typed before the check was compared by the check itself (a mismatch is refused).
  const pinMatched = probed !== null && pin.trim() !== '';
  const canSave =
    mode === 'desk' ||
    (probed !== null && (probed.trusted || probed.fingerprint === null || pinMatched || confirmed));

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!canSave || busy) return;
    setBusy('save');
    setError(null);
    try {
      const choice = mode === 'desk' ? { mode } : { mode, url: probed?.url ?? url, fingerprint };
      const answer = await api.call('connection.set', choice);
      // The first run's 本机数据库 goes straight on to creating (or opening) the desk's database.
      if (first && !answer.restarting && answer.choice.mode === 'desk') {
        onBack();
        return;
      }
      setSaved(answer);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  if (saved) {
    return (
      <Center mih="100%" py={40} px="md">
        <Paper p="xl" withBorder shadow="xs" w={520}>
          <Stack gap="md">
            <Brand subtitle="连接方式" />
            <Alert color="teal" variant="light" data-testid="connection-saved">
              {saved.message}
            </Alert>
            {saved.restarting ? (
              <Text size="sm" c="dimmed">
                程序正在重新打开…
              </Text>
            ) : (
              <Button variant="default" w="fit-content" onClick={onBack} data-testid="connection-back">
                返回
              </Button>
            )}
          </Stack>
        </Paper>
      </Center>
    );
  }

  return (
    <Center mih="100%" py={40} px="md">
      <Box w={560}>
        <Paper p="xl" withBorder shadow="xs">
          <form onSubmit={(ev) => void save(ev)} noValidate data-testid="connection-form">
            <Stack gap="md">
              <Brand subtitle="连接方式" />
              {notice ? (
                <Alert color={first ? 'yellow' : 'gray'} variant="light" data-testid="connection-notice">
                  {notice}
                </Alert>
              ) : null}
              <Text size="sm">请选择本机使用的数据：</Text>
              <Radio.Group
                value={mode}
                onChange={(v) => changeServer(() => setMode(v === 'server' ? 'server' : 'desk'))}
              >
                <Stack gap="sm">
                  <Radio
                    value="desk"
                    label="本机数据库（单机）"
                    description="数据加密保存在这台电脑上，不连接任何网络。"
                    data-testid="connection-desk"
                  />
                  <Radio
                    value="server"
                    label="连接单位服务器"
                    description="多人共用本单位的服务器，需要单位内部网络和管理员提供的服务器地址。"
                    data-testid="connection-server"
                  />
                </Stack>
              </Radio.Group>
              {mode === 'server' ? (
                <Stack gap="sm" pl="lg">
                  <TextInput
                    label="服务器地址"
                    placeholder="例如 https://192.168.1.10:8443"
                    value={url}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      changeServer(() => setUrl(v));
                    }}
                    data-testid="connection-url"
                  />
                  <TextInput
                    label="证书指纹（SHA-256，选填）"
                    description="服务器使用自签名证书时，可先填写管理员提供的指纹；不填也可在检测后逐位核对。"
                    value={pin}
                    onChange={(e) => {
                      const v = e.currentTarget.value;
                      changeServer(() => setPin(v));
                    }}
                    data-testid="connection-fingerprint"
                  />
                  <Button
                    variant="default"
                    w="fit-content"
                    onClick={() => void probe()}
                    loading={busy === 'probe'}
                    disabled={url.trim() === ''}
                    data-testid="connection-probe"
                  >
                    检测连接
                  </Button>
                  {probed ? (
                    <ProbeResult
                      probed={probed}
                      pinMatched={pinMatched}
                      confirmed={confirmed}
                      onConfirm={setConfirmed}
                    />
                  ) : null}
                </Stack>
              ) : null}
              {error ? (
                <Alert color="red" variant="light" role="alert" data-testid="connection-error">
                  {error}
                </Alert>
              ) : null}
              <Group gap="sm">
                <Button
                  type="submit"
                  disabled={!canSave}
                  loading={busy === 'save'}
                  data-testid="connection-save"
                >
                  {mode === 'desk' ? '使用本机数据库' : '保存并连接'}
                </Button>
                {first ? null : (
                  <Button variant="subtle" onClick={onBack} data-testid="connection-cancel">
                    取消
                  </Button>
                )}
              </Group>
            </Stack>
          </form>
        </Paper>
      </Box>
    </Center>
  );
}

function ProbeResult({
  probed,
  pinMatched,
  confirmed,
  onConfirm,
}: {
  probed: Probed;
  pinMatched: boolean;
  confirmed: boolean;
  onConfirm: (v: boolean) => void;
}) {
  return (
    <Alert color={probed.trusted ? 'teal' : 'yellow'} variant="light" data-testid="connection-probed">
      <Stack gap="xs">
        <Text size="sm">已连接到单位服务器{probed.bureau ? `：${probed.bureau}` : ''}。</Text>
        {probed.fingerprint ? (
          <>
            <Text size="sm">服务器证书指纹（SHA-256）：</Text>
            <Code block style={{ whiteSpace: 'pre' }} data-testid="connection-probed-fingerprint">
              {inTwoLines(fingerprintForDisplay(probed.fingerprint))}
            </Code>
          </>
        ) : null}
        {probed.trusted ? (
          <Text size="sm">证书由本机信任的机构签发。</Text>
        ) : pinMatched ? (
          <Text size="sm">与填写的证书指纹一致。</Text>
        ) : (
          <Checkbox
            checked={confirmed}
            onChange={(e) => onConfirm(e.currentTarget.checked)}
            label="我已将上面的指纹与管理员提供的指纹逐位核对，完全一致。"
            data-testid="connection-confirm"
          />
        )}
      </Stack>
    </Alert>
  );
}
