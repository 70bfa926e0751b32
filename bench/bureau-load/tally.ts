/**
 * What one phase of the bureau load bench saw: every call's latency by method, and every failure with
 * what it was (a refused call, or a result read back different from what the officer entered).
 */
export interface Failure {
  method: string;
  who: string;
  what: string;
}

export class Tally {
  readonly latencies = new Map<string, number[]>();
  readonly failures: Failure[] = [];

  add(method: string, ms: number): void {
    const list = this.latencies.get(method) ?? [];
    list.push(ms);
    this.latencies.set(method, list);
  }

  fail(method: string, who: string, what: string): void {
    this.failures.push({ method, who, what });
  }

  calls(): number {
    let n = 0;
    for (const l of this.latencies.values()) n += l.length;
    return n;
  }

  all(): number[] {
    return [...this.latencies.values()].flat();
  }
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a list of milliseconds. */
export function percentiles(ms: readonly number[]): Percentiles {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? 0 };
}
