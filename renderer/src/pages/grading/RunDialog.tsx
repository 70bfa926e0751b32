import { Alert, Button, Group, Modal, Progress, Select, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { JobProgress } from '../../../../shared/api/contract.ts';
import type { ModelSummary, RunInfo } from '../../../../shared/api/contracts/grading.ts';
import { localIsoDate } from '../../../../shared/dates/iso-date.ts';
import { COUNTY_MODEL_ID } from '../../../../shared/sampling/reference/default-grading-run.ts';
import { ApiError, api, errorMessage } from '../../api.ts';
import { failureText, useApiQuery } from '../../data/api-query.ts';
import { formatCount } from '../../format.ts';
import { DateField } from '../../components/DateField.tsx';
import { ProgressNotice } from '../../components/ProgressNotice.tsx';

/** Polls app.progress while the run is in flight: the backend answers it even while it is busy. */
const POLL_MS = 300;

/** 运行评价: choose a model and an as-of date, then watch the progress; 取消 stops and saves nothing. */
export function RunDialog({
  opened,
  onClose,
  onDone,
}: {
  opened: boolean;
  onClose: () => void;
  onDone: (run: RunInfo) => void;
}) {
  const list = useApiQuery('models.list', {}, { enabled: opened });
  const models = list.data?.models ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  // Until the user picks one, the county's model (or the first there is) is proposed.
  const proposed = models.find((x) => x.id === COUNTY_MODEL_ID) ?? models[0];
  const model = picked ?? (proposed ? keyOf(proposed) : null);
  const [asOf, setAsOf] = useState(localIsoDate(new Date()));
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  useEffect(() => {
    if (opened) setMessage(null);
  }, [opened]);
  const listError = failureText(list.error);

  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current);
    },
    [],
  );

  const start = async () => {
    const chosen = models.find((m) => keyOf(m) === model);
    if (!chosen) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      setMessage({ color: 'red', text: '请填写评价基准日（YYYY-MM-DD）' });
      return;
    }
    setRunning(true);
    setCancelling(false);
    setMessage(null);
    setProgress(null);
    timer.current = setInterval(() => {
      api.call('app.progress', {}).then(
        (p) => p.job === 'grading.run' && setProgress(p),
        () => undefined,
      );
    }, POLL_MS);
    try {
      const { run } = await api.call('grading.run', {
        modelId: chosen.id,
        modelVersion: chosen.version,
        asOf,
      });
      onDone(run);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'cancelled') {
        setMessage({ color: 'yellow', text: '评价已取消，未保存任何结果。' });
      } else {
        setMessage({ color: 'red', text: errorMessage(e) });
      }
    } finally {
      if (timer.current) clearInterval(timer.current);
      timer.current = null;
      setRunning(false);
      setProgress(null);
    }
  };

  const cancel = async () => {
    setCancelling(true);
    try {
      await api.call('app.cancel', {});
    } catch (e) {
      setMessage({ color: 'red', text: errorMessage(e) });
    }
  };

  const pct = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;

  return (
    <Modal
      opened={opened}
      onClose={() => !running && onClose()}
      withCloseButton={!running}
      closeOnClickOutside={!running}
      closeOnEscape={!running}
      title="运行信用评价"
      size="lg"
      data-testid="run-dialog"
    >
      <Stack gap="md">
        <Select
          label="评价模型"
          data={models.map((m) => ({
            value: keyOf(m),
            label: `${m.name}（版本 ${m.version}${m.builtIn ? '' : '，导入'}）`,
          }))}
          value={model}
          onChange={setPicked}
          disabled={running}
          allowDeselect={false}
          data-testid="run-model"
          comboboxProps={{ withinPortal: true }}
        />
        <DateField
          label="评价基准日"
          description="晚于此日期的记录不计入；处罚公示期、名录在列期间等按此日期判断"
          value={asOf}
          onChange={setAsOf}
          disabled={running}
          data-testid="run-as-of"
        />
        {running ? (
          <Stack gap={6} data-testid="run-progress">
            <Group justify="space-between">
              <Text size="sm">{progress?.stage || '正在准备…'}</Text>
              <Text size="sm" c="dimmed" className="cd-num" data-testid="run-progress-count">
                {progress && progress.total > 0
                  ? `${formatCount(progress.done)} / ${formatCount(progress.total)} 户`
                  : ''}
              </Text>
            </Group>
            <Progress value={pct} size="lg" animated striped data-testid="run-progress-bar" />
            <ProgressNotice progress={progress} />
          </Stack>
        ) : null}
        {message || listError ? (
          <Alert color={message?.color ?? 'red'} data-testid="run-message">
            {message?.text ?? listError}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          {running ? (
            <Button
              color="red"
              variant="light"
              onClick={cancel}
              loading={cancelling}
              data-testid="run-cancel"
            >
              取消
            </Button>
          ) : (
            <>
              <Button variant="default" onClick={onClose}>
                关闭
              </Button>
              <Button onClick={start} disabled={!model} data-testid="run-start">
                开始评价
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

function keyOf(m: ModelSummary): string {
  return `${m.id}@${m.version}`;
}
