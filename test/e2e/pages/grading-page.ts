import type { Page } from 'playwright-core';
import { fillDate } from './date-field.ts';

/** 信用评价 page: runs, the run dialog, a run's distribution and results, explanations, models. */
export class GradingPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async runGrading(asOf: string): Promise<void> {
    await this.page.getByTestId('run-open').click();
    await this.page.getByTestId('run-dialog').getByTestId('run-start').waitFor();
    await fillDate(this.page.getByTestId('run-as-of'), asOf);
    await this.page.getByTestId('run-start').click();
  }

  progress() {
    return this.page.getByTestId('run-progress');
  }

  runRows() {
    return this.page.getByTestId('run-row');
  }

  distribution() {
    return this.page.getByTestId('distribution');
  }

  distributionRow(grade: string) {
    return this.page.getByTestId(`distribution-row-${grade}`);
  }

  resultRows() {
    return this.page.getByTestId('result-row');
  }

  async openFirstResult(): Promise<void> {
    await this.page.getByTestId('result-open').first().click();
  }

  explanation() {
    return this.page.getByTestId('explanation-modal').getByTestId('explanation');
  }

  async openEntityFromExplanation(): Promise<void> {
    await this.page.getByTestId('explanation-open-entity').click();
  }

  async openTab(tab: 'runs' | 'compare' | 'models'): Promise<void> {
    await this.page.getByTestId(`grading-tab-${tab}`).click();
  }

  async importModel(name: string, json: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('model-import').click();
    await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(json) });
  }

  modelDetail() {
    return this.page.getByTestId('model-detail');
  }
}

/** The grade panel on an entity's credit file. */
export class GradePanel {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  panel() {
    return this.page.getByTestId('grade-panel');
  }

  current() {
    return this.panel().getByTestId('grade-current');
  }

  async adjust(reason: string): Promise<string> {
    await this.panel().getByTestId('grade-adjust').first().click();
    await this.page.getByTestId('adjust-grade').click();
    const option = this.page.getByRole('option').first();
    const chosen = ((await option.textContent()) ?? '').trim();
    await option.click();
    await this.page.getByTestId('adjust-reason').fill(reason);
    await this.page.getByTestId('adjust-save').click();
    return chosen;
  }
}
