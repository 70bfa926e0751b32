import type { Page } from 'playwright-core';

/** 双随机抽查 (the sampling area; the page says 检查/抽查): tabs, the task wizard, the plan view with keyboard results entry. */
export class SamplingPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async tab(name: 'tasks' | 'items' | 'inspectors' | 'conflicts' | 'profiles' | 'calendar'): Promise<void> {
    await this.page.getByTestId(`insp-tab-${name}`).click();
  }

  inspectorRows() {
    return this.page.getByTestId('inspector-row');
  }

  async addDemoInspectors(): Promise<void> {
    await this.page.getByTestId('inspectors-demo').click();
    await this.inspectorRows().first().waitFor();
  }

  async startWizard(): Promise<void> {
    await this.page.getByTestId('task-create').click();
    await this.page.getByTestId('task-wizard').waitFor();
  }

  async next(): Promise<void> {
    await this.page.getByTestId('wizard-next').click();
  }

  /** Step 2: the 不定向 / 定向 choice (two options). */
  async chooseMode(label: '不定向抽查' | '定向抽查'): Promise<void> {
    await this.page.getByTestId('wizard-directed').getByText(label, { exact: true }).click();
  }

  /** Step 2: a 定向 draw restricted to one entity kind (by its Chinese label). */
  async directedTo(kindLabel: string): Promise<void> {
    await this.chooseMode('定向抽查');
    await this.page.getByTestId('wizard-kinds').click();
    await this.page.getByRole('option', { name: kindLabel }).click();
    await this.page.keyboard.press('Escape');
  }

  async chooseProfile(name: string): Promise<void> {
    await this.page.getByTestId('wizard-profile').click();
    await this.page.getByRole('option', { name }).click();
  }

  previewDigest() {
    return this.page.getByTestId('preview-digest');
  }

  /** The confirmation a step that cannot be undone asks for (确认抽取, 确认公示). */
  confirmDialog() {
    return this.page.getByTestId('confirm-dialog');
  }

  async confirm(): Promise<void> {
    await this.page.getByTestId('confirm-ok').click();
    await this.confirmDialog().waitFor({ state: 'detached' });
  }

  /** 确认抽取…, then the confirmation. */
  async draw(): Promise<void> {
    await this.page.getByTestId('wizard-draw').click();
    await this.confirmDialog().waitFor();
    await this.confirm();
    await this.page.getByTestId('draw-result').waitFor();
  }

  drawDigest() {
    return this.page.getByTestId('draw-digest');
  }

  drawSeed() {
    return this.page.getByTestId('draw-seed');
  }

  async openPlan(): Promise<void> {
    await this.page.getByTestId('wizard-open-plan').click();
    await this.page.getByTestId('plan-view').waitFor();
  }

  entries() {
    return this.page.getByTestId('plan-entry');
  }

  resultsMessage() {
    return this.page.getByTestId('results-message');
  }

  /** Keyboard entry of the row under the cursor: the keys of the result codes, then Enter. */
  async enterResultByKeyboard(keys: string[]): Promise<void> {
    const before = (await this.resultsMessage().count()) ? await this.resultsMessage().textContent() : null;
    for (const k of keys) await this.page.keyboard.press(k);
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction(
      (prev: string | null) => {
        const doc = (
          globalThis as unknown as {
            document: { querySelector(s: string): { textContent: string | null } | null };
          }
        ).document;
        const t = doc.querySelector('[data-testid="results-message"]')?.textContent ?? null;
        return t !== null && t !== prev && t.includes('已保存');
      },
      before,
      { timeout: 15_000 },
    );
  }

  async focusResults(): Promise<void> {
    await this.page.getByTestId('plan-entry').first().click();
  }

  status() {
    return this.page.getByTestId('plan-view').getByTestId('task-status');
  }

  /** A lifecycle button; 确认公示 is confirmed in its dialog. */
  async action(testId: 'results-complete' | 'task-review' | 'task-publish' | 'task-start'): Promise<void> {
    await this.page.getByTestId(testId).click();
    if (testId === 'task-publish') await this.confirm();
  }
}
