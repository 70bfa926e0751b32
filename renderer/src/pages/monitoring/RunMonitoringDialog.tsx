import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { JobProgress } from '../../../../shared/api/contract.ts';
import type { MonitoringRunInfo } from '../../../../shared/api/contracts/monitoring.ts';
import { localIsoDate } from '../../../../shared/dates/iso-date.ts';
import { ApiError, api, errorMessage } from '../../api.ts';
import { DateField } from '../../components/DateField.tsx';
import { ProgressNotice } from '../../components/ProgressNotice.tsx';
import { useInvalidateApi } from '../../data/api-query.ts';
import { formatCount } from '../../format.ts';
import { WARNINGS_CHANGED } from './labels.ts';

/** Polls app.progress while the run is in flight: the backend answers it even while it is busy. */
const POLL_MS = 300;

/** 运行监测: an as-of date, then the progress; the summary of what the run found when it is done. */
export function RunMonitoringDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [asOf, setAsOf] = useState(localIsoDate(new Date()));
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [done, setDone] = useState<MonitoringRunInfo | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const invalidate = useInvalidateApi();

  useEffect(() => {
    if (opened) {
      setMessage(null);
      setDone(null);
    }
  }, [opened]);
  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current);
    },
    [],
  );

  const start = async () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      setMessage({ color: 'red', text: '请填写监测基准日（YYYY-MM-DD）' });
      return;
    }
    setRunning(true);
    setMessage(null);
    setDone(null);
    setProgress(null);
    timer.current = setInterval(() => {
      api.call('app.progress', {}).then(
        (p) => p.job?.startsWith('monitoring') && setProgress(p),
        () => undefined,
      );
    }, POLL_MS);
    try {
      const { run } = await api.call('monitoring.run', { asOf });
      setDone(run);
      await invalidate(...WARNINGS_CHANGED);
    } catch (e) {
      setMessage(
        e instanceof ApiError && e.code === 'cancelled'
          ? { color: 'yellow', text: '监测已取消，未保存任何结果。' }
          : { color: 'red', text: errorMessage(e) },
      );
    } finally {
      if (timer.current) clearInterval(timer.current);
      timer.current = null;
      setRunning(false);
      setProgress(null);
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
      title="运行监测"
      size="lg"
      data-testid="monitoring-run-dialog"
    >
      <Stack gap="md">
        <DateField
          label="监测基准日"
          description="按此日期判断主体是否在营、是否在列，以及近 30 天、近 12 个月的窗口"
          value={asOf}
          onChange={setAsOf}
          disabled={running}
          data-testid="monitoring-run-as-of"
        />
        {running ? (
          <Stack gap={6} data-testid="monitoring-run-progress">
            <Group justify="space-between">
              <Text size="sm">{progress?.stage || '正在准备…'}</Text>
              <Text size="sm" c="dimmed" className="cd-num">
                {progress && progress.total > 0
                  ? `${formatCount(progress.done)} / ${formatCount(progress.total)}`
                  : ''}
              </Text>
            </Group>
            <Progress value={pct} size="lg" animated striped />
            <ProgressNotice progress={progress} />
          </Stack>
        ) : null}
        {done ? (
          <Alert color="green" data-testid="monitoring-run-done">
            监测完成：发现预警 {formatCount(done.found)} 条，其中新增 {formatCount(done.created)} 条、更新{' '}
            {formatCount(done.updated)} 条、重新打开 {formatCount(done.reopened)} 条。
          </Alert>
        ) : null}
        {message ? (
          <Alert color={message.color} data-testid="monitoring-run-message">
            {message.text}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          {running ? (
            <Button color="red" variant="light" onClick={() => void api.call('app.cancel', {})}>
              取消
            </Button>
          ) : (
            <>
              <Button variant="default" onClick={onClose} data-testid="monitoring-run-close">
                关闭
              </Button>
              <Button onClick={start} data-testid="monitoring-run-start">
                开始监测
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
