import type { Page } from 'playwright-core';

export class CreditFilePage {
  constructor(private readonly page: Page) {}

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
