import type { Download, Page } from 'playwright-core';

export interface AuditRowText {
  id: string;
  time: string;
  actor: string;
  action: string;
  object: string;
  summary: string;
}

/** 系统管理 → 操作日志: filters, the entries as shown, the raw-record toggles and the Excel export. */
export class AuditPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(): Promise<void> {
    await this.page.getByTestId('admin-tab-audit').click();
    await this.page.getByTestId('audit-row').first().waitFor();
  }

  rows() {
    return this.page.getByTestId('audit-row');
  }

  /** The visible rows' cells, top to bottom. */
  async rowTexts(): Promise<AuditRowText[]> {
    return this.rows().evaluateAll((trs) =>
      trs.map((tr) => {
        const td = [...tr.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim());
        return {
          id: td[0] ?? '',
          time: td[1] ?? '',
          actor: td[2] ?? '',
          action: td[3] ?? '',
          object: td[4] ?? '',
          summary: td[5] ?? '',
        };
      }),
    );
  }

  async total(): Promise<number> {
    const text = (await this.page.getByTestId('audit-total').textContent()) ?? '';
    return Number(text.replace(/[^\d]/g, ''));
  }

  /** Waits until the list shows `n` entries in total (after a filter changed). */
  async waitForTotal(n: number): Promise<void> {
    await this.page
      .getByTestId('audit-total')
      .getByText(`共 ${n.toLocaleString('zh-CN')} 条`)
      .waitFor();
  }

  async chooseUser(displayName: string | null): Promise<void> {
    if (displayName === null) {
      await this.page.getByTestId('audit-filter-clear').click();
      return;
    }
    await this.page.getByTestId('audit-filter-actor').click();
    await this.page.getByRole('option', { name: displayName }).click();
  }

  async dateRange(from: string, to: string): Promise<void> {
    await this.page.getByTestId('audit-filter-from').fill(from);
    await this.page.getByTestId('audit-filter-to').fill(to);
  }

  async exportExcel(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByTestId('audit-export').click(),
    ]);
    await this.page.getByTestId('audit-export-done').waitFor();
    return download;
  }
}
