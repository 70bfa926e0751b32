/**
 * The README's first command on a fresh clone, as a new user runs it: `npm install` on the machine's own
 * Node (not the project's Node 24), then `git status` must be clean and the output must carry nothing a
 * new user has to interpret (no EBADENGINE or other npm warnings, no funding or audit notices).
 * Installs from the npm cache when it can (prefer-offline), so it also runs without a network.
 */
import { spawnSync } from 'node:child_process';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const INSTALL_TIMEOUT_MS = 540_000;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

function available(cmd: string): boolean {
  return run(cmd, ['--version'], process.cwd()).status === 0;
}

/** The repository this test runs in, or null outside a git checkout (e.g. an unpacked archive). */
function repositoryRoot(): string | null {
  const r = run('git', ['rev-parse', '--show-toplevel'], process.cwd());
  return r.status === 0 ? r.output.trim() : null;
}

/**
 * The environment of a new user's shell: no npm_* variables inherited from a parent `npm test`, and
 * no node_modules/.bin on PATH (that would run npm on the project's Node 24 and hide the engine check).
 */
function newUserEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => !resolve(p).endsWith(join('node_modules', '.bin')))
    .join(delimiter);
  env.npm_config_prefer_offline = 'true';
  return env;
}

const root = available('git') && available('npm') ? repositoryRoot() : null;
if (!root)
  console.warn('SKIPPED: git or npm not available, or not a git checkout — fresh-clone install not checked');

describe.skipIf(!root)('the README first command on a fresh clone', () => {
  const t = tempDir();
  afterAll(() => t.cleanup(), 180_000); // node_modules: hundreds of MiB to remove

  it(
    '`npm install` leaves `git status` clean and prints nothing to interpret',
    () => {
      const clone = join(t.dir, 'creditdesk');
      const cloned = run('git', ['clone', '--quiet', root as string, clone], t.dir);
      expect(cloned.status, cloned.output).toBe(0);

      const install = run('npm', ['install'], clone, newUserEnv());
      expect(install.error).toBeUndefined();
      expect(install.status, install.output).toBe(0);
      const lines = install.output.split('\n').filter((l) => l.trim() !== '');
      const noise = lines.filter((l) =>
        /EBADENGINE|\bWARN\b|npm warn|npm notice|deprecated|funding|vulnerabilit/i.test(l),
      );
      expect(noise, install.output).toEqual([]);
      // What is left is npm's one summary line ("added 360 packages in 1m").
      expect(lines.length, install.output).toBeLessThanOrEqual(1);

      const status = run('git', ['status', '--porcelain', '--untracked-files=all'], clone);
      expect(status.status).toBe(0);
      expect(status.output).toBe('');
      // `npm start` and `npm test` write their builds and test output here: ignored, so still clean.
      const outputs = [
        'dist/renderer/index.html',
        'dist/cli/creditdesk.js',
        'test-results/screenshots/a.png',
      ];
      const ignored = run('git', ['check-ignore', ...outputs], clone);
      expect(ignored.output.trim().split('\n')).toEqual(outputs);
    },
    INSTALL_TIMEOUT_MS + 60_000,
  );
});
