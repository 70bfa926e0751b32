/**
 * Errors cross the process boundary as plain data. `code` is for programs, `message` is Chinese for
 * the person in front of the screen and never contains a stack trace or a file path of the machine.
 */
export const ERROR_CODES = [
  'invalid_input',
  'not_logged_in',
  'forbidden',
  'wrong_password',
  'locked_out',
  'no_database',
  'database_exists',
  'database_unreadable',
  'not_found',
  'conflict',
  /** The user cancelled a long job; nothing it would have changed was changed. */
  'cancelled',
  /** This kind of installation does not offer the call yet (a bureau server, for a desk-only feature). */
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every transport answers a call to a method the contract does not name with this. */
export const UNKNOWN_METHOD_MESSAGE = '未知的操作';

export interface ApiErrorData {
  code: ErrorCode;
  message: string;
  /** Per-field problems for forms: path like "admin.password" → Chinese message. */
  fields?: Record<string, string>;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
  }
  toData(): ApiErrorData {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
  static fromData(d: ApiErrorData): ApiError {
    return new ApiError(d.code, d.message, d.fields);
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

export function isApiErrorData(x: unknown): x is ApiErrorData {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { code?: unknown }).code === 'string' &&
    typeof (x as { message?: unknown }).message === 'string'
  );
}

/** What crossed a process boundary is an answer in envelope form (a value, or error data). */
export function isEnvelope(x: unknown): x is Envelope<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as { ok?: unknown; value?: unknown; error?: unknown };
  if (e.ok === true) return 'value' in e;
  if (e.ok === false) return isApiErrorData(e.error);
  return false;
}
