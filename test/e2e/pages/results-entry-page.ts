import type { Page } from 'playwright-core';

/** The keyboard results entry under a plan: counts, 其余全部未发现问题, undo. */
export class ResultsEntryPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async focusRow(index: number): Promise<void> {
    await this.page.getByTestId('plan-entry').nth(index).click();
  }

  counts() {
    return this.page.getByTestId('results-counts');
  }

  rowsWithStatus(status: 'editing' | 'queued' | 'saved' | 'failed' | 'stored' | 'empty') {
    return this.page.locator(`[data-testid="plan-entry"][data-status="${status}"]`);
  }

  /** Waits until no save is in flight any more. */
  async settled(): Promise<void> {
    await this.page.waitForFunction(
      () => {
        const doc = (
          globalThis as unknown as {
            document: { querySelector(s: string): { textContent: string | null } | null };
          }
        ).document;
        const t = doc.querySelector('[data-testid="results-counts"]')?.textContent ?? '';
        return t.includes('已保存') && !t.includes('正在保存');
      },
      undefined,
      { timeout: 60_000 },
    );
  }

  /** Waits until the plan has been read again after the last saves (no row is only “saved” locally). */
  async reread(): Promise<void> {
    await this.page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
          '[data-testid="plan-entry"][data-status="saved"]',
        ) === null,
      undefined,
      { timeout: 30_000 },
    );
  }

  async fillRest(): Promise<string> {
    await this.page.getByTestId('results-fill-rest').click();
    const text = this.page.getByTestId('fill-rest-text');
    await text.waitFor();
    return (await text.textContent()) ?? '';
  }

  async confirmFill(): Promise<void> {
    await this.page.getByTestId('fill-rest-confirm').click();
  }

  async cancelFill(): Promise<void> {
    await this.page.getByTestId('fill-rest-cancel').click();
    await this.page.getByTestId('fill-rest-text').waitFor({ state: 'detached' });
  }

  undoButton() {
    return this.page.getByTestId('results-undo');
  }
}
