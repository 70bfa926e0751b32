import {
  Alert,
  Box,
  Button,
  Center,
  Checkbox,
  Divider,
  Group,
  Loader,
  NumberInput,
  Paper,
  PasswordInput,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  contract,
  IDLE_PROGRESS,
  type Input,
  type JobProgress,
  type Output,
} from '../../../shared/api/contract.ts';
import { ApiError, api, errorMessage } from '../api.ts';
import type { Session } from '../App.tsx';
import { Brand } from '../components/Brand.tsx';
import { ConnectionLink } from '../components/ConnectionLink.tsx';
import { ProgressNotice } from '../components/ProgressNotice.tsx';

type Status = Output<'app.status'>;
type SetupInput = Input<'app.setup'>;

const FALLBACK_DEMO = { entities: 10_000, seed: 'creditdesk' };

function splitTownships(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t) seen.add(t);
  }
  return [...seen];
}

/**
 * A time-based estimate of a step that blocks the job (the demo's index builds and commit): its stage
 * already says the percentage, and its done/total are percent, not entities.
 */
function isEstimate(stage: string): boolean {
  return /（估计）|用时比预计长/.test(stage);
}

/** Maps field paths of the backend or the shared schema to the form field that shows the message. */
function fieldOf(path: string): string {
  if (path.startsWith('county.townships')) return 'county.townships';
  if (path === 'demo' || path.startsWith('demo.')) return path === 'demo' ? 'demo.entities' : path;
  return path;
}

function townshipMessage(path: string, message: string): string {
  const m = /^county\.townships\.(\d+)/.exec(path);
  return m ? `第 ${Number(m[1]) + 1} 行：${message}` : message;
}

export function SetupPage({
  status,
  onDone,
  onConnection,
}: {
  status: Status;
  onDone: (s: Session) => void;
  /** Opens 连接方式 (to use the bureau server instead); absent where there is no choice to make. */
  onConnection?: (() => void) | undefined;
}) {
  const defaults = status.firstRunDefaults;
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [countyName, setCountyName] = useState(defaults.county.name);
  const [bureau, setBureau] = useState(defaults.county.bureau);
  const [regionCode, setRegionCode] = useState(defaults.county.regionCode);
  const [townships, setTownships] = useState(defaults.county.townships.join('\n'));
  const [demoOn, setDemoOn] = useState(defaults.demo !== null);
  const [demoEntities, setDemoEntities] = useState<number | string>(
    defaults.demo?.entities ?? FALLBACK_DEMO.entities,
  );
  const [demoSeed, setDemoSeed] = useState(defaults.demo?.seed ?? FALLBACK_DEMO.seed);

  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [progress, setProgress] = useState<JobProgress>(IDLE_PROGRESS);

  // While setup runs, ask the backend how far it got; it answers without waiting for the job.
  useEffect(() => {
    if (!busy) return;
    const started = Date.now();
    setElapsed(0);
    setProgress(IDLE_PROGRESS);
    const t = window.setInterval(() => {
      setElapsed(Math.floor((Date.now() - started) / 1000));
      api.call('app.progress', {}).then(setProgress, () => undefined);
    }, 400);
    return () => window.clearInterval(t);
  }, [busy]);
  const percent = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;

  const townshipList = splitTownships(townships);
  const formRef = useRef<HTMLFormElement>(null);

  // After a failed submit, bring the first marked field into view and put the cursor there.
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  }, [errors]);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const input: SetupInput = {
      admin: { username: username.trim(), displayName: displayName.trim(), password },
      county: {
        name: countyName.trim(),
        bureau: bureau.trim(),
        regionCode: regionCode.trim(),
        townships: townshipList,
      },
      demo: demoOn
        ? { entities: typeof demoEntities === 'number' ? demoEntities : Number.NaN, seed: demoSeed.trim() }
        : null,
    };

    // The same schema the backend applies, so most mistakes are shown before anything is sent.
    const found: Record<string, string> = {};
    const parsed = contract['app.setup'].input.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join('.');
        const key = fieldOf(path);
        if (path === 'demo.entities' && !Number.isFinite(input.demo?.entities)) {
          found[key] ??= '请填写主体数量（1 至 2,000,000）';
        } else if (path === 'demo.entities') {
          found[key] ??= '主体数量应为 1 至 2,000,000 的整数';
        } else if (path === 'demo.seed') {
          found[key] ??= '请填写随机种子（1 至 64 个字符）';
        } else if (key === 'county.townships') {
          found[key] ??= townshipMessage(path, issue.message);
        } else {
          found[key] ??= issue.message;
        }
      }
    }
    if (password !== confirm) found['admin.passwordConfirm'] = '两次输入的密码不一致';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      setFormError('请按提示修改标红的内容。');
      return;
    }

    setBusy(true);
    try {
      const out = await api.call('app.setup', input);
      onDone({
        user: out.user,
        county: out.county,
        welcome:
          out.demoEntities > 0
            ? `初始化完成，已生成 ${out.demoEntities.toLocaleString('zh-CN')} 户演示主体（虚构数据，仅供熟悉操作和培训）。`
            : '初始化完成。请在“数据交换”中导入本县市场主体。',
      });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.fields) {
        const fromServer: Record<string, string> = {};
        const unplaced: string[] = [];
        for (const [path, message] of Object.entries(e.fields)) {
          const key = fieldOf(path);
          if (KNOWN_FIELDS.has(key))
            fromServer[key] ??= key === 'county.townships' ? townshipMessage(path, message) : message;
          else unplaced.push(message);
        }
        setErrors(fromServer);
        setFormError([e.message, ...unplaced].join(' '));
      } else {
        setFormError(errorMessage(e));
      }
    }
  };

  const err = (key: string) => errors[key];

  return (
    <Box py={40} px="md">
      <Paper maw={820} mx="auto" p="xl" withBorder shadow="xs" pos="relative">
        <Stack gap="lg">
          <Group justify="space-between" wrap="nowrap">
            <Brand subtitle="首次使用：创建本机加密数据库" />
            {onConnection ? <ConnectionLink onOpen={onConnection} /> : null}
          </Group>
          <Text size="sm" c="dimmed">
            本程序的数据只保存在这台电脑上，并用管理员密码加密。请设置管理员账号和本县（市、区）基本情况。
            管理员密码遗忘后无法找回数据，请妥善保管。
          </Text>

          <form ref={formRef} onSubmit={(ev) => void submit(ev)} noValidate data-testid="setup-form">
            <Stack gap="lg">
              <section>
                <Title order={4} mb="xs">
                  管理员账号
                </Title>
                <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
                  <TextInput
                    label="用户名"
                    description="2–32 位字母、数字、下划线、点或连字符"
                    required
                    autoComplete="username"
                    value={username}
                    onChange={(e) => setUsername(e.currentTarget.value)}
                    error={err('admin.username')}
                    data-testid="setup-admin-username"
                  />
                  <TextInput
                    label="姓名"
                    description="显示在页面右上角和操作记录中"
                    required
                    autoComplete="name"
                    value={displayName}
                    onChange={(e) => setDisplayName(e.currentTarget.value)}
                    error={err('admin.displayName')}
                    data-testid="setup-admin-displayname"
                  />
                  <PasswordInput
                    label="密码"
                    description="至少 8 位"
                    required
                    autoComplete="new-password"
                    value={password}
                    onChange={(e) => setPassword(e.currentTarget.value)}
                    error={err('admin.password')}
                    data-testid="setup-admin-password"
                  />
                  <PasswordInput
                    label="确认密码"
                    description="再输入一次密码"
                    required
                    autoComplete="new-password"
                    value={confirm}
                    onChange={(e) => setConfirm(e.currentTarget.value)}
                    error={err('admin.passwordConfirm')}
                    data-testid="setup-admin-password-confirm"
                  />
                </SimpleGrid>
              </section>

              <Divider />

              <section>
                <Title order={4} mb="xs">
                  县（市、区）概况
                </Title>
                <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
                  <TextInput
                    label="县名"
                    placeholder="例如：示范县"
                    required
                    value={countyName}
                    onChange={(e) => setCountyName(e.currentTarget.value)}
                    error={err('county.name')}
                    data-testid="setup-county-name"
                  />
                  <TextInput
                    label="单位名称"
                    placeholder="例如：示范县市场监督管理局"
                    required
                    value={bureau}
                    onChange={(e) => setBureau(e.currentTarget.value)}
                    error={err('county.bureau')}
                    data-testid="setup-county-bureau"
                  />
                  <TextInput
                    label="行政区划代码"
                    description="6 位数字，如 410402"
                    required
                    inputMode="numeric"
                    maxLength={6}
                    value={regionCode}
                    onChange={(e) => setRegionCode(e.currentTarget.value)}
                    error={err('county.regionCode')}
                    classNames={{ input: 'cd-mono' }}
                    data-testid="setup-county-regioncode"
                  />
                  <Textarea
                    label="乡镇（街道）"
                    description={`每行一个，共 ${townshipList.length} 个`}
                    autosize
                    minRows={4}
                    maxRows={8}
                    value={townships}
                    onChange={(e) => setTownships(e.currentTarget.value)}
                    error={err('county.townships')}
                    data-testid="setup-county-townships"
                  />
                </SimpleGrid>
              </section>

              <Divider />

              <section>
                <Checkbox
                  label="生成演示数据（示范县）"
                  description="生成虚构的市场主体和信用记录，用于熟悉操作和培训；正式使用请不要勾选。"
                  checked={demoOn}
                  onChange={(e) => setDemoOn(e.currentTarget.checked)}
                  data-testid="setup-demo-enabled"
                />
                {demoOn ? (
                  <SimpleGrid cols={2} spacing="md" verticalSpacing="sm" mt="sm" pl={32}>
                    <NumberInput
                      label="主体数量"
                      description="1 至 2,000,000；10 万户约需数十秒"
                      min={1}
                      max={2_000_000}
                      allowDecimal={false}
                      allowNegative={false}
                      thousandSeparator=","
                      value={demoEntities}
                      onChange={setDemoEntities}
                      error={err('demo.entities')}
                      data-testid="setup-demo-entities"
                    />
                    <TextInput
                      label="随机种子"
                      description="相同的种子生成相同的演示数据"
                      value={demoSeed}
                      onChange={(e) => setDemoSeed(e.currentTarget.value)}
                      error={err('demo.seed')}
                      data-testid="setup-demo-seed"
                    />
                  </SimpleGrid>
                ) : null}
              </section>

              {formError ? (
                <Alert color="red" data-testid="setup-error">
                  {formError}
                </Alert>
              ) : null}

              <Group justify="flex-end">
                <Button type="submit" size="md" loading={busy} data-testid="setup-submit">
                  创建数据库并进入
                </Button>
              </Group>
            </Stack>
          </form>
        </Stack>

        {busy ? (
          <Center
            pos="fixed"
            inset={0}
            bg="rgba(244,246,249,0.94)"
            style={{ zIndex: 200 }}
            data-testid="setup-progress"
            role="status"
            aria-live="polite"
          >
            <Stack align="center" gap="md" maw={420}>
              <Loader />
              <Text fw={600}>{demoOn ? '正在创建加密数据库并生成演示数据…' : '正在创建加密数据库…'}</Text>
              {percent === null ? (
                <Progress value={100} striped animated w={320} />
              ) : (
                <Progress value={percent} w={320} data-testid="setup-progress-bar" />
              )}
              {percent !== null ? (
                <Text size="sm" data-testid="setup-progress-count">
                  {isEstimate(progress.stage) ? (
                    progress.stage
                  ) : (
                    <>
                      {progress.stage}：{progress.done.toLocaleString('zh-CN')} /{' '}
                      {progress.total.toLocaleString('zh-CN')} 户（
                      {percent}%）
                    </>
                  )}
                </Text>
              ) : null}
              <ProgressNotice progress={progress} />
              <Text size="sm" c="dimmed">
                已用时 {elapsed} 秒。{demoOn ? '数据量大时需要数十秒，请不要关闭程序。' : ''}
              </Text>
            </Stack>
          </Center>
        ) : null}
      </Paper>
    </Box>
  );
}

const KNOWN_FIELDS = new Set([
  'admin.username',
  'admin.displayName',
  'admin.password',
  'county.name',
  'county.bureau',
  'county.regionCode',
  'county.townships',
  'demo.entities',
  'demo.seed',
]);
