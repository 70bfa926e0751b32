/**
 * What a session does in the background once its login has answered (SPEC §9, issue 18 item 3): the
 * integrity check of a file too big to check before login, then the day's first backup — one after
 * the other, not side by side, and only after a short grace, so the officer's first screen loads with
 * both cores. Only a file that passed the check is backed up: a damaged file must never rotate a good
 * backup out. The state it keeps is what app.status shows (integrity, dailyBackup).
 */
import { type IntegrityState, startBackgroundCheck } from '../db/integrity-check.ts';
import { dailyBackupAtLogin, dailyBackupDue } from '../services/backup/service.ts';
import type { OpenSession } from './session.ts';

/** The daily backup started in the background after the day's first login (app.status.dailyBackup). */
export type DailyBackupState = {
  state: 'waiting' | 'running' | 'done' | 'failed';
  message: string | null;
};

export interface AfterLoginOptions {
  dbPath: string;
  /** Milliseconds after the login before the check (or the backup) starts; 0: at once. */
  graceMs: number;
  /** 'skip': a file too big to check at open is not checked in this session (the command line). */
  deferredCheck: 'background' | 'skip';
  log: (message: string) => void;
  mono: () => number;
  now: () => string;
  /** The check found the file damaged (integrity is already 'damaged'): close the session at once. */
  onDamaged: () => void;
  /** The backup job in the job worker; null when there is none and the backup runs inside the login. */
  runBackupJob: (() => Promise<unknown>) | null;
}

export class AfterLogin {
  /** SPEC §9 state of the open file; 'damaged' stays until a recovery restore (`recovered`). */
  integrity: IntegrityState | null = null;
  dailyBackup: DailyBackupState | null = null;
  /** The session this work belongs to; a session that ended is told nothing more. */
  private session: OpenSession | null = null;
  private check: { stop(): void } | null = null;
  /**
   * Settles once the session's file may be backed up: true after the deferred check passed (or could
   * not run, or none was needed), false when it found damage. Never settles for a session that ended.
   */
  private backupMayStart: Promise<boolean> = Promise.resolve(true);

  private readonly opts: AfterLoginOptions;

  constructor(opts: AfterLoginOptions) {
    this.opts = opts;
  }

  /**
   * A file checked at open is 'ok'. A big one (session.deferredCheck) is quick_checked in a worker
   * thread on a read-only connection after the grace; if it is damaged the session is closed at once so
   * nothing more is written to it.
   */
  begin(session: OpenSession): void {
    this.session = session;
    if (session.deferredCheck && this.opts.deferredCheck === 'skip') {
      this.integrity = null;
      this.backupMayStart = Promise.resolve(true);
      return;
    }
    this.integrity = session.deferredCheck ? 'checking' : 'ok';
    const grace = this.grace(session);
    this.backupMayStart = session.deferredCheck
      ? grace.then(() => new Promise<boolean>((settled) => this.checkInBackground(session, settled)))
      : grace.then(() => true);
  }

  /**
   * The day's first backup: with a job worker in the background, after the check (app.progress shows
   * it, dailyBackup its outcome); without one, inside the login as before. A failure never locks anyone
   * out: the next login retries.
   */
  startDailyBackup(): void {
    const s = this.session;
    if (!s) return;
    const { log } = this.opts;
    const runJob = this.opts.runBackupJob;
    if (!runJob) {
      dailyBackupAtLogin(s.db, this.opts.dbPath, s.user, this.opts.now(), log);
      return;
    }
    const failed = (e: unknown) => {
      const why = e instanceof Error ? e.message : String(e);
      log(`daily backup failed: ${why}`);
      if (this.session === s) this.dailyBackup = { state: 'failed', message: why };
    };
    try {
      if (!dailyBackupDue(this.opts.dbPath, this.opts.now())) return;
    } catch (e) {
      // The backups folder cannot even be listed: reported like a failed backup, after login.
      failed(e);
      return;
    }
    this.dailyBackup = { state: 'waiting', message: null };
    void this.backupMayStart.then((mayBackUp) => {
      if (this.session !== s || !mayBackUp) return;
      this.dailyBackup = { state: 'running', message: null };
      const started = this.opts.mono();
      runJob().then(() => {
        log(`daily backup written (${((this.opts.mono() - started) / 1000).toFixed(1)} s)`);
        if (this.session === s) this.dailyBackup = { state: 'done', message: null };
      }, failed);
    });
  }

  /** The session ended: a check still running no longer matters; a damaged verdict stays. */
  end(): void {
    this.session = null;
    this.check?.stop();
    this.check = null;
    this.dailyBackup = null;
    if (this.integrity !== 'damaged') this.integrity = null;
  }

  /** A backup replaced the damaged file: logging in is allowed again (and checks the new file). */
  recovered(): void {
    this.integrity = null;
  }

  /** Resolves graceMs after the login if the session is still open; else never. */
  private grace(session: OpenSession): Promise<void> {
    const ms = this.opts.graceMs;
    if (ms <= 0) return Promise.resolve();
    return new Promise((go) => {
      // unref: a pending grace must not keep a closing process alive.
      setTimeout(() => this.session === session && go(), ms).unref?.();
    });
  }

  private checkInBackground(session: OpenSession, settled: (mayBackUp: boolean) => void): void {
    if (this.session !== session) return;
    const { log } = this.opts;
    const started = this.opts.mono();
    this.check = startBackgroundCheck(this.opts.dbPath, session.dataKey, (outcome) => {
      this.check = null;
      if (this.session !== session) return;
      const seconds = ((this.opts.mono() - started) / 1000).toFixed(1);
      if ('failed' in outcome) {
        // Could not check (no worker, file replaced …): not a finding; the next login tries again.
        log(`background integrity check could not run: ${outcome.failed}`);
        this.integrity = null;
        settled(true);
      } else if (outcome.problems.length === 0) {
        log(`background integrity check: ok (${seconds} s)`);
        this.integrity = 'ok';
        settled(true);
      } else {
        log(`background integrity check: DAMAGED (${seconds} s): ${outcome.problems.join('; ')}`);
        this.integrity = 'damaged'; // first, so closing writes nothing more into the file
        this.opts.onDamaged();
        settled(false);
      }
    });
  }
}
