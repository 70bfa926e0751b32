import type { Page } from 'playwright-core';

export const NAV_ITEMS = [
  '工作台',
  '市场主体',
  '信用评价',
  '双随机抽查',
  '数据交换',
  '异议与修复',
  '监测预警',
  '统计报表',
  '系统管理',
];

export class Shell {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  nav() {
    return this.page.getByTestId('nav');
  }

  async open(item: string): Promise<void> {
    await this.nav().getByText(item, { exact: true }).click();
  }

  async logout(): Promise<void> {
    await this.page.getByTestId('logout').click();
  }
}
