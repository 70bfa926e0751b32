import { describe, expect, it } from 'vitest';
import { staticImportGraph, staticSpecifiers } from '../../test/helpers/static-imports.ts';

const HEAVY = ['xlsx', 'docx', 'fflate'];

/** The chain of files through which `entry` loads each heavy package at import time. */
function heavyChains(entry: string): Record<string, string[]> {
  const root = new URL('../../', import.meta.url).pathname;
  const { packages } = staticImportGraph(new URL(entry, import.meta.url).pathname);
  const out: Record<string, string[]> = {};
  for (const name of HEAVY) {
    const chain = packages.get(name);
    if (chain !== undefined) out[name] = chain.map((f) => f.slice(root.length));
  }
  return out;
}

describe('start-up imports (issue 18 item 3)', () => {
  it('reads static imports and skips type-only and dynamic ones', () => {
    const src = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      "import { type C, type D } from './c.ts';",
      "import { type E, f } from './e.ts';",
      "export { g } from './g.ts';",
      "import 'side-effect';",
      "const h = await import('xlsx');",
    ].join('\n');
    expect(staticSpecifiers(src)).toEqual(['./a.ts', './e.ts', './g.ts', 'side-effect']);
  });

  it('the backend worker (session, login, first list) loads neither SheetJS, docx nor fflate', () => {
    expect(heavyChains('./worker.ts')).toEqual({});
  });

  it('the job worker loads them only when a job needs them', () => {
    expect(heavyChains('./jobs/job-worker.ts')).toEqual({});
  });
});
