/** What the reference-data forms share: one save at a time with its error, and text-to-value helpers. */
import { useState } from 'react';
import { ApiError, errorMessage } from '../../../api.ts';

export function useSave() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(f: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await f();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run, setError };
}

export const orNull = (s: string) => (s.trim() ? s.trim() : null);

export const splitList = (s: string) =>
  s
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The message of a save refused because another officer saved the same row since (a 'conflict' naming
 * who, when and what it holds now); null for any other failure.
 */
export function staleSaveMessage(e: unknown): string | null {
  return e instanceof ApiError && e.code === 'conflict' ? errorMessage(e) : null;
}
