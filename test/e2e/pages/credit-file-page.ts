import type { Page } from 'playwright-core';

export class CreditFilePage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  name() {
    return this.page.getByTestId('entity-detail-name');
  }

  code() {
    return this.page.getByTestId('entity-detail-code');
  }

  timeline() {
    return this.page.getByTestId('credit-timeline');
  }

  async back(): Promise<void> {
    await this.page.getByTestId('entity-back').click();
  }
}
