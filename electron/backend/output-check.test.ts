/** Every output a test sees has passed its contract schema: a handler that drifts fails the test. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_SCRYPT, tempDir } from '../../test/helpers/tmp.ts';
import { Backend, type BackendOptions } from './backend.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function backendWithDriftingStatus(opts: Partial<BackendOptions> = {}): Backend {
  const t = tempDir();
  const backend = new Backend({
    dbPath: join(t.dir, 'c.db'),
    firstRunDemo: null,
    scrypt: FAST_SCRYPT,
    ...opts,
  });
  cleanups.push(() => {
    backend.close();
    t.cleanup();
  });
  // The handler table is private on purpose; replacing one entry is the only way to make a handler
  // drift from its contract without editing production code.
  const handlers = (backend as unknown as { handlers: Record<string, () => unknown> }).handlers;
  handlers['app.status'] = () => ({ databaseExists: 'yes', user: null });
  return backend;
}

describe('backend output checking', () => {
  it('is on under the tests: an output its schema refuses is an internal error naming method and field', async () => {
    expect(process.env.VITEST).toBe('true');
    const envelope = await backendWithDriftingStatus().dispatch('app.status', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(!envelope.ok && envelope.error.message).toMatch(
      /^app\.status 的输出与接口约定不符：databaseExists/,
    );
  });

  it('can be turned off, as in the app', async () => {
    const envelope = await backendWithDriftingStatus({ checkOutputs: false }).dispatch('app.status', {});
    expect(envelope).toMatchObject({ ok: true, value: { databaseExists: 'yes' } });
  });
});
