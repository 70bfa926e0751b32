import type { CliIO } from './io.ts';

/** A command line's output and error lines, kept for a test to read; `env` is what the command sees. */
export function capture(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env };
  return { io, out, err };
}
