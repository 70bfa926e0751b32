import type { Download, Page } from 'playwright-core';

/** 数据交换: the import wizard, the import history and the export tab. */
export class ExchangePage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** 导入类别, by its Chinese label (e.g. 抽查检查结果). */
  async chooseKind(label: string): Promise<void> {
    await this.page.getByTestId('import-kind').click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
  }

  async chooseFile(path: string): Promise<void> {
    await this.page.getByTestId('import-wizard').locator('input[type="file"]').setInputFiles(path);
  }

  /** File → sheet → mapping → validation preview. */
  async readAndValidate(
    path: string,
    at: { sheet?: () => Promise<void>; mapping?: () => Promise<void> } = {},
  ): Promise<void> {
    await this.chooseFile(path);
    await this.page.getByTestId('import-start').click();
    await this.page.getByTestId('import-header-row').waitFor();
    await at.sheet?.();
    await this.page.getByTestId('import-next-sheet').click();
    await this.page.getByTestId('import-mapping').waitFor();
    await at.mapping?.();
    await this.page.getByTestId('import-validate').click();
    await this.page.getByTestId('import-preview-counts').waitFor();
  }

  previewCount(key: string) {
    return this.page.getByTestId(`import-preview-counts-${key}`);
  }

  resultCount(key: string) {
    return this.page.getByTestId(`import-result-counts-${key}`);
  }

  async filter(label: RegExp): Promise<void> {
    await this.page.getByTestId('import-filter').getByText(label).click();
  }

  previewRows() {
    return this.page.getByTestId('import-preview-rows').locator('tbody tr');
  }

  async download(testId: string): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByTestId(testId).click(),
    ]);
    return download;
  }

  async commit(): Promise<void> {
    await this.page.getByTestId('import-commit').click();
    await this.page.getByTestId('import-result').waitFor();
  }

  async again(): Promise<void> {
    await this.page.getByTestId('import-again').click();
  }

  async openTab(name: 'import' | 'history' | 'export'): Promise<void> {
    await this.page.getByTestId(`tab-${name}`).click();
  }

  async undo(batchId: number): Promise<void> {
    await this.page.getByTestId(`undo-${batchId}`).click();
    await this.page.getByTestId('undo-confirm').click();
    await this.page.getByTestId('undo-message').waitFor();
  }
}
