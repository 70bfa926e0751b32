/** One Content-Security-Policy for every way the renderer is served (Electron file://, browser mode). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine injects its CSS variables as <style> elements at runtime.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * frame-ancestors works only as a response header (browsers ignore it in <meta> and log an error), so
 * it is added where the app is served over HTTP; Electron's window cannot be framed anyway.
 */
export const HTTP_CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
