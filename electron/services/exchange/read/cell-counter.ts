/**
 * Counts the cells (`<c …>`) and rows (`<row …>`) of an OOXML worksheet as its XML streams out of the
 * inflater, so a workbook too big to parse within the memory budget (SPEC §10: 1 GB) is refused before
 * SheetJS builds it. A byte state machine: chunks may split a tag anywhere.
 */
const LT = 0x3c; // <
const C = 0x63; // c
const R = 0x72; // r
const O = 0x6f; // o
const W = 0x77; // w

function endsName(b: number): boolean {
  return b === 0x20 || b === 0x3e || b === 0x2f || b === 0x09 || b === 0x0a || b === 0x0d; // space > / tab LF CR
}

export class CellCounter {
  cells = 0;
  rows = 0;
  /** 0 none, 1 after '<', 2 after '<c', 3 '<r', 4 '<ro', 5 '<row'. */
  private state = 0;

  push(chunk: Uint8Array): void {
    let s = this.state;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (s === 0) {
        if (b === LT) s = 1;
        continue;
      }
      if (s === 1) s = b === C ? 2 : b === R ? 3 : b === LT ? 1 : 0;
      else if (s === 2) {
        if (endsName(b)) this.cells++;
        s = b === LT ? 1 : 0;
      } else if (s === 3) s = b === O ? 4 : b === LT ? 1 : 0;
      else if (s === 4) s = b === W ? 5 : b === LT ? 1 : 0;
      else {
        if (endsName(b)) this.rows++;
        s = b === LT ? 1 : 0;
      }
    }
    this.state = s;
  }
}

/** The parts of an .xlsx whose cells are counted. */
export function isWorksheetPart(name: string): boolean {
  return /^xl\/worksheets\/[^/]+\.xml$/i.test(name);
}
