import type { Page } from 'playwright-core';

export class EntitiesPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('entity-search').fill(text);
  }

  rows() {
    return this.page.getByTestId('entity-row');
  }

  count() {
    return this.page.getByTestId('entity-count');
  }

  async openRowContaining(text: string): Promise<void> {
    await this.rows().filter({ hasText: text }).first().click();
  }
}
