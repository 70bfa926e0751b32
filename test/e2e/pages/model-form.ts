import type { Page } from 'playwright-core';

/** 信用评价 → 评价模型: choosing a model and its edit form (修改分数段和分值). */
export class ModelForm {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** Chooses the newest version of a model in the 评价模型 list by its Chinese name (newest listed first). */
  async choose(name: RegExp): Promise<void> {
    await this.page.getByTestId('model-select').click();
    await this.page.getByRole('option', { name }).first().click();
  }

  /** Hovering this shows why the button is disabled. */
  buttonWrapper() {
    return this.page.getByTestId('model-edit-wrap');
  }

  openButton() {
    return this.page.getByTestId('model-edit-open');
  }

  async open(): Promise<void> {
    await this.openButton().click();
    await this.dialog().getByTestId('model-edit-save').waitFor();
  }

  dialog() {
    return this.page.getByTestId('model-edit');
  }

  threshold(grade: string) {
    return this.dialog().getByTestId(`edit-threshold-${grade}`);
  }

  points(indicatorId: string) {
    return this.dialog().getByTestId(`edit-points-${indicatorId}`);
  }

  cap(indicatorId: string) {
    return this.dialog().getByTestId(`edit-cap-${indicatorId}`);
  }

  async set(input: ReturnType<ModelForm['threshold']>, value: string): Promise<void> {
    await input.fill(value);
    await input.blur();
  }

  async save(): Promise<void> {
    await this.dialog().getByTestId('model-edit-save').click();
  }

  errors() {
    return this.dialog().getByTestId('model-edit-error');
  }

  saved() {
    return this.page.getByTestId('model-edit-saved');
  }
}
