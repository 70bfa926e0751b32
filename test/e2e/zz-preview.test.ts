import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { openAppSession } from './app-session.ts';
import { Shell } from './pages/shell.ts';

declare const window: { location: { hash: string } };
const rules = JSON.parse(readFileSync('resources/monitoring-rules/county-default.json', 'utf8'));
const AGENT = '示范县东城街道人民路88号金融大厦1206室（示范鑫诚商务秘书有限公司托管）';
const ents = Array.from({ length: 12 }, (_, i) => ({
  entityId: i + 1, code: `91410422MA${String(i).padStart(7, '0')}X`, name: `示范县鑫源${i}商贸有限公司`, kind: 'enterprise',
  township: '东城街道', address: AGENT, legalRepresentative: '赵建国', active: i !== 3,
  grades: i % 4 === 0 ? [] : [{ modelName: '县局分级分类模型', grade: 'B', label: 'B级（一般风险）' }],
  lists: i % 3 === 0 ? ['经营异常名录'] : [],
}));
const summary = (id: number, rule: string, ruleName: string, level: string, type: string, display: string, n: number, status = 'open') => ({
  id, rule, ruleName, level, action: '检查', subject: { type, key: display, display }, status, entityCount: n,
  townships: ['东城街道'], evidence: [`该住所登记在营市场主体 ${n} 户，达到 10 户的预警阈值`, '其中 4 户列入经营异常名录'],
  firstSeenAt: '2026-12-01T08:00:00', lastSeenAt: '2026-12-02T08:00:00', disposedAction: null, taskId: null,
});
const items = [
  summary(3, 'same_address', '同一地址多户登记', '中', 'address', AGENT, 38),
  summary(4, 'same_address', '同一地址多户登记', '中', 'address', '示范县西城街道光明路105号创业孵化园703室（示范企航商务秘书有限公司托管）', 22, 'confirmed'),
  summary(5, 'same_person', '同一人担任多户负责人', '中', 'person', '赵建国', 7),
  summary(6, 'frequent_changes', '登记事项频繁变更', '中', 'entity', '示范县恒达网络科技有限公司', 1),
  summary(7, 'complaint_surge', '投诉举报异常增长', '高', 'entity', '示范县好味道餐饮店', 1, 'disposed'),
  summary(8, 'cluster_listed', '聚集主体多数列入名录', '高', 'address', AGENT, 38),
];
const c = (key: string, label: string, count: number) => ({ key, label, count });
const values: Record<string, unknown> = {
  'monitoring.overview': { lastRun: { id: 1, asOf: '2026-12-02', ruleSetId: 'county-default', ruleSetVersion: 1, createdBy: '管理员', createdAt: '2026-12-02T08:00:00', tookMs: 900, found: 6, created: 6, updated: 0, reopened: 0 }, active: 6,
    byRule: [c('same_address', '同一地址多户登记', 2), c('same_person', '同一人担任多户负责人', 1), c('frequent_changes', '登记事项频繁变更', 1), c('complaint_surge', '投诉举报异常增长', 1), c('cluster_listed', '聚集主体多数列入名录', 1)],
    byLevel: [c('高', '高', 2), c('中', '中', 4)], byTownship: [c('东城街道', '东城街道', 5), c('西城街道', '西城街道', 1), c('柳园镇', '柳园镇', 1)],
    byStatus: [c('open', '待审核', 4), c('confirmed', '已确认', 1), c('disposed', '已处置', 1)] },
  'monitoring.list': { total: items.length, items },
  'monitoring.get': { ...items[0], entities: ents, available: ['confirm', 'dismiss'], steps: [{ step: 'generate', label: '生成', at: '2026-12-01T08:00:00', byUser: 'admin', byName: '管理员', note: null, action: null, evidence: null }] },
  'monitoring.cluster': { type: 'address', key: AGENT, display: AGENT, entities: ents },
  'monitoring.rules.get': { id: rules.id, name: rules.name, version: 1, builtIn: true, savedAt: '2026-12-01T08:00:00', savedBy: '系统', rules: rules.rules, versions: [] },
};
it('preview', async () => {
  const app = await openAppSession({ viewport: { width: 1440, height: 900 }, firstAdmin: { displayName: '管理员', password: 'preview-2026-x' } });
  const page = app.page;
  await page.route('**/api/monitoring.*', async (route) => {
    const m = /\/api\/([^/?#]+)/.exec(route.request().url())![1]!;
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: values[decodeURIComponent(m)] }) });
  });
  await new Shell(page).open('监测预警');
  await page.getByTestId('warning-row').first().waitFor();
  await page.getByTestId('warning-row').first().click();
  await page.getByTestId('warning-detail').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/monpage/p1.png' });
  await page.screenshot({ path: '/tmp/monpage/p1full.png', fullPage: true });
  await page.getByTestId('warning-open-cluster').click();
  await page.getByTestId('cluster-entities').waitFor();
  await page.screenshot({ path: '/tmp/monpage/p2.png' });
  await page.keyboard.press('Escape');
  await page.evaluate(() => { window.location.hash = '#/monitoring/rules'; });
  await page.getByTestId('monitoring-rules-form').waitFor();
  await page.screenshot({ path: '/tmp/monpage/p3.png' });
  await app.close();
}, 200_000);
