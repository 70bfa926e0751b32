/**
 * How a call's bad input and a handler's bad output become envelopes' errors: shared by the desk's
 * backend and the bureau server's.
 */
import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors.ts';

/** Zod issues become one Chinese summary plus a message per field path. */
export function fromZod(err: z.ZodError): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const path = issue.path.join('.') || '(输入)';
    fields[path] ??= issue.message;
  }
  const first = Object.entries(fields)[0];
  return new ApiError('invalid_input', first ? `输入有误：${first[1]}` : '输入有误', fields);
}

/** A handler's output that its contract schema refuses: a programming error, named by method and path. */
export function outputMismatch(method: string, err: z.ZodError): ApiError {
  const where = err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(输出)'}：${i.message}`)
    .join('；');
  return new ApiError('internal', `${method} 的输出与接口约定不符：${where}`);
}
