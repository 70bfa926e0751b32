import type { Page } from 'playwright-core';

/** The first-run page: administrator, county profile, optional demo county. */
export class SetupPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async waitUntilShown(): Promise<void> {
    await this.page.getByTestId('setup-form').waitFor();
  }

  async createAdmin(a: { displayName: string; password: string }): Promise<void> {
    await this.page.getByTestId('setup-admin-displayname').fill(a.displayName);
    await this.page.getByTestId('setup-admin-password').fill(a.password);
    await this.page.getByTestId('setup-admin-password-confirm').fill(a.password);
  }

  async demoEnabled(): Promise<boolean> {
    return this.page.getByTestId('setup-demo-enabled').isChecked();
  }

  async submit(): Promise<void> {
    await this.page.getByTestId('setup-submit').click();
  }

  errorText() {
    return this.page.getByTestId('setup-error');
  }
}
