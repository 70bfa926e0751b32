/** Runs instance-lock.child.ts as a separate process that takes a database's lock (tests only). */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LockOwner } from './instance-lock.ts';

const CHILD = fileURLToPath(new URL('./instance-lock.child.ts', import.meta.url));

export interface LockChild {
  child: ChildProcess;
  pid: number;
  /** The child's first line: `held <pid>` or `conflict <message>`. */
  line: string;
  /** Resolves with the exit code (null when killed by a signal) once the child has ended. */
  exited: Promise<number | null>;
  /** SIGKILLs the child if still running (no exit handler runs: a lock file stays, stale) and waits for it. */
  kill(): Promise<void>;
}

/** Starts the child and resolves with its first line (after it took the lock, or was refused). */
export function startLockChild(
  dbPath: string,
  owner: LockOwner = 'app',
  mode: 'wait' | 'exit' = 'wait',
): Promise<LockChild> {
  // process.execPath is Node 24 under npm/npx, which runs the TypeScript child directly.
  const child = spawn(process.execPath, [CHILD, dbPath, owner, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lock child said nothing: ${out}${err}`));
    }, 30_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const end = out.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve({ child, pid: child.pid ?? -1, line: out.slice(0, end), exited, kill });
    });
    // 'close', not 'exit': the first line may still be in the pipe when the process has exited.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`lock child exited (${code}) before saying anything: ${out}${err}`));
    });
  });
}

/** A child process holding the lock until kill(); rejects if the child was refused. */
export async function holdLockInChild(dbPath: string, owner: LockOwner = 'app'): Promise<LockChild> {
  const c = await startLockChild(dbPath, owner, 'wait');
  if (!c.line.startsWith('held ')) {
    await c.kill();
    throw new Error(`lock child refused: ${c.line}`);
  }
  return c;
}
