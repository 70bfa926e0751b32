/**
 * A valid input for every contract method, for the role test: made from the method's own zod schema
 * (through its JSON Schema), with hand-written inputs where a pattern or a refinement needs a real
 * value. Ids point at rows that do not exist, so an allowed call stops at 'not_found' (after the
 * permission check) and changes nothing.
 */
import { z } from 'zod';
import { contract, type Method } from '../../shared/api/contract.ts';

type Json = Record<string, unknown>;

/** Values tried against a string pattern: a date, a 32-hex id, a backup name, a lowercase slug … */
const PATTERN_CANDIDATES = [
  '2026-01-05',
  'f'.repeat(32),
  '20260101-000000-manual',
  'no-such-id',
  'nosuchname',
  '410422',
  'X',
];

function fromJsonSchema(s: Json, root: Json): unknown {
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace(/^#\/(\$defs|definitions)\//, '');
    const defs = (root.$defs ?? root.definitions ?? {}) as Record<string, Json>;
    return fromJsonSchema(defs[name] ?? {}, root);
  }
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts) {
    const nul = alts.find((a) => a.type === 'null');
    return nul ? null : fromJsonSchema(alts[0]!, root);
  }
  if (Array.isArray(s.allOf)) return fromJsonSchema(s.allOf[0] as Json, root);
  const type = Array.isArray(s.type) ? (s.type.includes('null') ? 'null' : s.type[0]) : s.type;
  switch (type) {
    case 'null':
      return null;
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Json>;
      const required = (s.required ?? []) as string[];
      const out: Record<string, unknown> = {};
      for (const k of required) out[k] = fromJsonSchema(props[k] ?? {}, root);
      return out;
    }
    case 'array': {
      const n = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: n }, () => fromJsonSchema((s.items ?? {}) as Json, root));
    }
    case 'string': {
      if (typeof s.pattern === 'string') {
        const re = new RegExp(s.pattern);
        const hit = PATTERN_CANDIDATES.find((c) => re.test(c));
        if (hit !== undefined) return hit;
      }
      if (s.format === 'date') return '2026-01-05';
      if (s.format === 'date-time') return '2026-01-05T00:00:00.000Z';
      const n = typeof s.minLength === 'number' ? s.minLength : 1;
      return 'x'.repeat(Math.max(n, 1));
    }
    case 'integer':
    case 'number': {
      const min =
        typeof s.minimum === 'number'
          ? s.minimum
          : typeof s.exclusiveMinimum === 'number'
            ? s.exclusiveMinimum + 1
            : 1;
      const max = typeof s.maximum === 'number' ? s.maximum : Number.MAX_SAFE_INTEGER;
      // Far past any row a fresh database has, so an id names nothing.
      return Math.min(Math.max(min, 999_999), max);
    }
    case 'boolean':
      return false;
    default:
      return {};
  }
}

/** Inputs the generator cannot guess (patterns, cross-field rules). Each must pass its schema. */
export const HAND_INPUTS: Partial<Record<Method, unknown>> = {
  'app.setup': {
    admin: { username: 'intruder', displayName: '闯入者', password: 'intruder-pass-1' },
    county: { name: '测试县', bureau: '测试县市场监督管理局', regionCode: '410422', townships: [] },
    demo: null,
  },
  'session.login': { username: 'nobody', password: 'nothing-here' },
  'users.add': { username: 'zz-new', displayName: '新用户', role: 'viewer', password: 'new-user-pass-1' },
  'users.update': { username: 'no-such-user', role: 'viewer' },
  'users.setPassword': { username: 'no-such-user', password: 'new-user-pass-1' },
  'users.remove': { username: 'no-such-user' },
  'users.unlock': { username: 'no-such-user' },
  // Wrong current password: allowed roles get wrong_password, nothing changes.
  'users.changeOwnPassword': { currentPassword: 'not-the-password', newPassword: 'new-user-pass-1' },
  'lock.setIdleSeconds': { seconds: 900 },
  // Nothing listens on port 1: refused at once (not_found), without a login and never forbidden.
  'connection.probe': { url: 'https://127.0.0.1:1', fingerprint: null },
  'connection.set': { mode: 'desk' },
  // The service checks the ratios before the permission: give it a profile it accepts.
  'sampling.profiles.save': {
    id: 'roles-test',
    name: '角色测试',
    classOrder: ['A'],
    ratios: { enterprise: { A: 100, unclassified: 100 } },
  },
};

export function sampleInput(method: Method): { input: unknown; error: string | null } {
  const schema = contract[method].input as z.ZodType;
  const hand = HAND_INPUTS[method];
  let input: unknown = hand;
  if (hand === undefined) {
    try {
      const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
      input = fromJsonSchema(js, js);
    } catch (e) {
      return { input: undefined, error: `no JSON Schema: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const r = schema.safeParse(input);
  return {
    input,
    error: r.success ? null : JSON.stringify(r.error.issues.map((i) => [i.path.join('.'), i.message])),
  };
}
