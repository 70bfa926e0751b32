/**
 * Test helper run as a separate process (`node instance-lock.child.ts DB [app|cli] [wait|exit]`): takes
 * the instance lock of DB and prints `held <pid>`, then waits until killed (wait) or exits normally
 * without releasing (exit: the exit hook must remove the file); or prints `conflict <message>`, exits 3.
 */
import { ApiError } from '../../shared/api/errors.ts';
import { acquireInstanceLock, type LockOwner } from './instance-lock.ts';

const [dbPath, owner = 'app', mode = 'wait'] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: instance-lock.child.ts DB [app|cli]');
try {
  acquireInstanceLock(dbPath, { owner: owner as LockOwner });
} catch (e) {
  if (!(e instanceof ApiError)) throw e;
  process.stdout.write(`conflict ${e.message}\n`);
  process.exit(3);
}
process.stdout.write(`held ${process.pid}\n`);
if (mode === 'exit') process.exit(0);
// Keep running until the test kills us (SIGKILL: no exit handler runs, so the lock file stays behind).
setInterval(() => undefined, 60_000);
