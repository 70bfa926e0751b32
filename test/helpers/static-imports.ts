/**
 * The modules a file loads when it is imported: its static (non-type) imports, followed through
 * relative paths. Dynamic `import()` is not followed — that is how heavy modules are kept off start-up.
 * Used by the start-up test to prove the login path does not load SheetJS or docx.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const STATIC_IMPORT =
  /^\s*(?:import|export)\s+(?!type\b)([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Specifiers of a source's static value imports (`import type` and all-type `{ type X }` lists excluded). */
export function staticSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(STATIC_IMPORT)) {
    const clause = m[1];
    const spec = m[2] ?? m[3];
    if (spec === undefined) continue;
    if (clause !== undefined && isTypeOnlyClause(clause)) continue;
    out.push(spec);
  }
  return out;
}

function isTypeOnlyClause(clause: string): boolean {
  const braces = clause.trim().match(/^\{([^}]*)\}$/s);
  if (braces === null) return false;
  const names = (braces[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** Every package and file reached from `entry`, with the chain that reached each package. */
export function staticImportGraph(entry: string): { packages: Map<string, string[]>; files: Set<string> } {
  const files = new Set<string>();
  const packages = new Map<string, string[]>();
  const walk = (file: string, chain: string[]): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticSpecifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (existsSync(target)) walk(target, [...chain, target]);
      } else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : (spec.split('/')[0] ?? spec);
        if (!packages.has(name)) packages.set(name, chain);
      }
    }
  };
  walk(resolve(entry), [resolve(entry)]);
  return { packages, files };
}
