/**
 * node:crypto's SHA-256 for the draw's commitment: the same digest as the pure one in shared/, about
 * ten times faster, and it takes the commitment's text directly (native UTF-8 encoding of the tens of
 * megabytes of candidate ids, instead of an encoding loop in JS).
 */
import { createHash } from 'node:crypto';
import type { IncrementalHash } from '../../../shared/sampling/index.ts';

export function nodeSha256(): IncrementalHash {
  const h = createHash('sha256');
  return {
    update: (data) => h.update(data),
    updateText: (text) => h.update(text, 'utf8'),
    digest: () => h.digest(),
  };
}
