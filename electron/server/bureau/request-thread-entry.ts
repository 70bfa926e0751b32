/** Worker-thread entry of a bureau server's request thread (request-thread.ts); bundled as its own file. */
import { runRequestThread } from './request-thread.ts';

runRequestThread();
