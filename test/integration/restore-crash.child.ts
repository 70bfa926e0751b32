/**
 * Child process of restore-crash.test.ts: restores a backup the way `creditdesk restore` does (instance
 * lock, restoreOffline) and SIGKILLs itself at the named step — no handler, no cleanup, like a power
 * cut or a kill -9 at that moment. Usage: node restore-crash.child.ts DB BACKUP_FOLDER USER PASSWORD STEP
 */
import { acquireInstanceLock } from '../../electron/db/instance-lock.ts';
import { restoreOffline } from '../../electron/services/backup/service.ts';

const [dbPath, folder, username, password, crashAt] = process.argv.slice(2);
if (!dbPath || !folder || !username || !password || !crashAt)
  throw new Error('usage: DB FOLDER USER PASSWORD STEP');

acquireInstanceLock(dbPath, { owner: 'cli' });
await restoreOffline(dbPath, folder, username, password, new Date().toISOString(), (step) => {
  if (step === crashAt) process.kill(process.pid, 'SIGKILL');
});
process.stdout.write('FINISHED\n');
