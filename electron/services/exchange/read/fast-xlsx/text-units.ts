/**
 * Turns an XML part arriving as inflated byte chunks into text cut at element boundaries: the handler
 * gets the longest prefix that ends with `closing` (e.g. `</row>`), the rest waits for the next chunk.
 * Chunks may split a tag or a UTF-8 sequence anywhere; the streaming TextDecoder and the carried tail
 * take care of both. Only the unfinished tail is ever held, never the whole part.
 */
import type { ChunkSink } from '../zip-guard.ts';

export class TextUnits implements ChunkSink {
  private readonly decoder = new TextDecoder('utf-8');
  private tail = '';
  private ended = false;
  private readonly closing: string;
  private readonly handle: (text: string, last: boolean) => void;

  constructor(closing: string, handle: (text: string, last: boolean) => void) {
    this.closing = closing;
    this.handle = handle;
  }

  push(chunk: Uint8Array): void {
    const text = this.tail + this.decoder.decode(chunk, { stream: true });
    const cut = text.lastIndexOf(this.closing);
    if (cut < 0) {
      this.tail = text;
      return;
    }
    const end = cut + this.closing.length;
    this.tail = text.slice(end);
    this.handle(text.slice(0, end), false);
  }

  /** After the last chunk: whatever is left (the closing tags of the part). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.handle(this.tail + this.decoder.decode(), true);
    this.tail = '';
  }
}

/** Collects a small part whole (workbook, relationships): parsed once it is complete. */
export class WholeText implements ChunkSink {
  private readonly decoder = new TextDecoder('utf-8');
  private parts: string[] = [];

  push(chunk: Uint8Array): void {
    this.parts.push(this.decoder.decode(chunk, { stream: true }));
  }

  text(): string {
    this.parts.push(this.decoder.decode());
    const t = this.parts.join('');
    this.parts = [];
    return t;
  }
}
