import type { Page } from 'playwright-core';

/** 打印计划（A4）: the sheets shown over the window, printed to PDF by Chromium. */
export class PrintablePlanPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(): Promise<void> {
    await this.page.getByTestId('print-plan').click();
    await this.page.getByTestId('printable-plan').waitFor();
  }

  sheets() {
    return this.page.getByTestId('print-page');
  }

  async close(): Promise<void> {
    await this.page.getByTestId('print-close').click();
    await this.page.getByTestId('print-preview').waitFor({ state: 'detached' });
  }

  /** Prints with print media, as the browser's print does; returns the PDF file's bytes. */
  async printToPdf(path: string): Promise<Buffer> {
    await this.page.emulateMedia({ media: 'print' });
    try {
      return await this.page.pdf({ format: 'A4', path, preferCSSPageSize: true });
    } finally {
      await this.page.emulateMedia({ media: 'screen' });
    }
  }
}
