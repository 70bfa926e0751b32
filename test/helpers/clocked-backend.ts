/**
 * A real backend on a fresh encrypted database with a small demo county, logged in as its first
 * administrator, whose clock the test sets: services that count days (deadlines, backup ages, audit
 * date ranges) are tested without waiting for the calendar.
 */
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from './tmp.ts';

export const CLOCKED_ADMIN = { username: 'admin', displayName: '管理员', password: 'admin-pw-123' };

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Closed and removed after each test. `at(day)` moves the clock to noon UTC of that day: the same
 * calendar day in every time zone the tests run in (UTC−11 … UTC+11). */
export async function openClockedBackend(demo: { entities: number; seed: string }, start = '2026-11-02') {
  const t = tempDir();
  const clock = { now: new Date(`${start}T12:00:00Z`) };
  const backend = new Backend({
    dbPath: join(t.dir, 'creditdesk.db'),
    firstRunDemo: null,
    scrypt: FAST_SCRYPT,
    now: () => clock.now,
    idleTimer: false,
  });
  cleanups.push(() => {
    backend.close();
    t.cleanup();
  });
  await backend.call('app.setup', { admin: CLOCKED_ADMIN, county: TEST_COUNTY, demo });
  const at = (day: string) => {
    clock.now = new Date(`${day}T12:00:00Z`);
  };
  return { backend, at };
}
