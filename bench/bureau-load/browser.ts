/**
 * One simulated officer's browser for the bureau load bench: its own session cookie and its own
 * keep-alive connection (as a browser tab holds one), JSON POSTs to /api/<method> with the Origin a
 * browser sends, and each call's wall time as the officer waits for it.
 */
import { Agent, request } from 'node:http';
import type { Envelope } from '../../shared/api/errors.ts';

export interface Answer {
  /** HTTP status (200 for every envelope, ok or not; 4xx/5xx when the transport refused). */
  status: number;
  envelope: Envelope<unknown>;
  ms: number;
}

export class Browser {
  private cookie: string | null = null;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  private readonly base: URL;

  constructor(base: URL) {
    this.base = base;
  }

  call(method: string, input: unknown = {}): Promise<Answer> {
    const body = JSON.stringify(input);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(`/api/${method}`, this.base),
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            Origin: this.base.origin,
            ...(this.cookie ? { Cookie: this.cookie } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            this.keepCookie(res.headers['set-cookie']);
            const text = Buffer.concat(chunks).toString('utf8');
            let envelope: Envelope<unknown>;
            try {
              envelope = JSON.parse(text) as Envelope<unknown>;
            } catch {
              envelope = {
                ok: false,
                error: { code: 'internal', message: `not JSON: ${text.slice(0, 80)}` },
              };
            }
            resolve({ status: res.statusCode ?? 0, envelope, ms: performance.now() - started });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private keepCookie(set: string[] | undefined): void {
    const c = (set ?? []).find((s) => s.startsWith('creditdesk_session='));
    if (!c) return;
    const pair = c.split(';')[0]!;
    this.cookie = pair.endsWith('=') ? null : pair;
  }

  close(): void {
    this.agent.destroy();
  }
}
