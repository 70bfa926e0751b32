/** What a command may touch, so tests run commands in-process with captured output and a chosen environment. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

/**
 * The reader of standard output went away (`creditdesk entities list … | head -1`). Thrown by out()
 * so a long listing stops at once; main() ends quietly on it.
 */
export class OutputClosed extends Error {}

export const processIO: CliIO = {
  out: (line) => {
    // A write to a closed pipe fails later, as an 'error' event (handled quietly in bin.mjs); the
    // stream is marked errored at once, so the next line stops the command.
    if (process.stdout.errored) throw new OutputClosed('standard output closed');
    process.stdout.write(`${line}\n`);
  },
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Exit codes: 0 success, 1 the work found problems (e.g. invalid codes), 2 usage or access errors. */
export const EXIT = { ok: 0, problems: 1, failure: 2 } as const;

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.exitCode = exitCode;
  }
}
