/**
 * Tests of the built bundles (dist/) cannot run before `npm run build`. Locally they skip with a visible
 * SKIPPED line; in CI (CI set) a missing bundle is a failure, so a broken build step can never turn these
 * tests into silent passes.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

export const inCi = (): boolean => !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/** The paths of `paths` that are not built yet. */
export const missingBuilt = (paths: readonly string[]): string[] => paths.filter((p) => !existsSync(p));

/**
 * `describe` when every path in `paths` exists. Otherwise: in CI a suite with one failing test naming
 * what is missing; locally a SKIPPED line and a skipped suite.
 */
export function describeBuilt(paths: readonly string[], name: string, body: () => void): void {
  const missing = missingBuilt(paths);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const why = `${missing.join(', ')} not built (run \`npm run build\` first; npm test builds it)`;
  if (inCi()) {
    describe(name, () => {
      it('needs the built bundle', () => {
        throw new Error(`CI must not skip bundle tests: ${why}`);
      });
    });
    return;
  }
  console.warn(`SKIPPED: ${name}: ${why}`);
  describe.skip(name, body);
}

/** For one check inside a test: true when built; throws in CI, prints SKIPPED locally, when not. */
export function builtOrSkipped(path: string): boolean {
  if (existsSync(path)) return true;
  const why = `${path} not built (run \`npm run build\` first; npm test builds it)`;
  if (inCi()) throw new Error(`CI must not skip bundle tests: ${why}`);
  console.warn(`SKIPPED: ${why}`);
  return false;
}
