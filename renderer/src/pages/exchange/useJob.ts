/**
 * Runs a long backend call while polling app.progress, so the page shows rows done / total and can
 * cancel (app.cancel). The backend answers app.progress while the job runs in its worker.
 */
import { useCallback, useRef, useState } from 'react';
import { IDLE_PROGRESS, type JobProgress } from '../../../../shared/api/contract.ts';
import { api } from '../../api.ts';

export function useJob() {
  const [progress, setProgress] = useState<JobProgress>(IDLE_PROGRESS);
  const [running, setRunning] = useState(false);
  const timer = useRef<number | null>(null);

  const run = useCallback(async <T>(call: () => Promise<T>): Promise<T> => {
    setRunning(true);
    setProgress(IDLE_PROGRESS);
    timer.current = window.setInterval(() => {
      api.call('app.progress', {}).then(setProgress, () => undefined);
    }, 300);
    try {
      return await call();
    } finally {
      if (timer.current !== null) window.clearInterval(timer.current);
      timer.current = null;
      setRunning(false);
      setProgress(IDLE_PROGRESS);
    }
  }, []);

  const cancel = useCallback(() => {
    void api.call('app.cancel', {}).catch(() => undefined);
  }, []);

  return { progress, running, run, cancel };
}
