/**
 * What the parallel run's writer and its reader threads share. Messages go over a MessagePort of each
 * worker, which the writer reads synchronously (receiveMessageOnPort): the run is one synchronous
 * transaction and its thread never returns to an event loop until it ends. The shared Int32Array
 * wakes whoever waits (Atomics.wait / notify).
 */
import type { BreakdownTexts } from '../breakdown-texts.ts';
import type { EntityKind } from '../../../../shared/domain/entity.ts';
import type { GradingCoverage, GradingModel } from '../../../../shared/grading/types.ts';
import type { ApiErrorData } from '../../../../shared/api/errors.ts';
import type { MessagePort } from 'node:worker_threads';
import type { GradedChunk } from '../graded-chunk.ts';
import type { SummaryRow } from '../repository/run-summary.ts';
import type { BlockPlan } from './block-plan.ts';

/** Slot: how many blocks the writer has taken (readers stay at most AHEAD blocks in front of it). */
export const CONSUMED = 0;
/** Slot: 1 once the writer stopped (cancel, failure): readers end at their next block. */
export const STOP = 1;
/** Slot POSTED + w: messages worker w has posted. */
export const POSTED = 2;

/** Blocks a reader may have graded and not yet written, per reader: bounds the memory in flight. */
export const AHEAD_PER_READER = 3;

export interface ReaderWorkerData {
  dbPath: string;
  /** The data key; transferred, zeroed by the reader once its connection is keyed. */
  key: Uint8Array;
  model: GradingModel;
  /** The texts the run stored: every reader encodes its breakdowns against them. */
  breakdownTexts: BreakdownTexts;
  asOf: string;
  coverage: Record<EntityKind, GradingCoverage>;
  plan: BlockPlan;
  /** The blocks before this one the writer grades itself; reader w takes firstBlock + w, + readers, … */
  firstBlock: number;
  /** About how many entities a block holds (the chunk's first capacity). */
  blockEntities: number;
  reader: number;
  readers: number;
  signal: SharedArrayBuffer;
  port: MessagePort;
}

export type ReaderMessage =
  | { type: 'chunk'; block: number; chunk: GradedChunk }
  /** After the reader's last block: the summary cells it counted. */
  | { type: 'done'; summary: SummaryRow[] }
  | { type: 'error'; api?: ApiErrorData; message: string };
