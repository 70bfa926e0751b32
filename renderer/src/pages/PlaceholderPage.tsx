import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { NavPage } from '../router.ts';

/** What each unfinished module will do (SPEC §5–§9), said plainly so nobody mistakes it for a finished page. */
const COMING: Partial<Record<NavPage, string>> = {
  grading:
    '按可配置、有版本的评价模型（默认企业信用风险分类 A/B/C/D，以及河南、浙江、山东济宁、黑龙江等公共信用评价模型）对全部市场主体批量评价，保存每次评价结果和逐项得分依据，支持有理由的人工调整和历史对比。',
  inspections:
    '维护抽查事项清单、检查对象名录库和执法检查人员名录库，按风险分类设定抽查比例，以任何人都可复核的随机方式抽取检查对象和执法人员（自动回避），录入抽查结果并按期公示。',
  exchange:
    '导入省级平台导出的 Excel、WPS、CSV 表格（市场主体、行政处罚、经营异常名录、抽查结果、公共信用综合评价结果等），逐行校验、预览后一次性写入并可撤销；导出名录、抽查计划、公示表和空白导入模板。',
  monitoring:
    '按规则发现同一地址登记多户、一人担任多户法定代表人、频繁变更登记事项、投诉举报激增、信用等级下降两级等情况，分级提示并建议提醒、警示、约谈或检查。',
  admin:
    '用户与角色管理、修改密码、县情资料维护、评价模型管理、工作日历（节假日与调休）、自动备份与恢复、操作日志及其防篡改校验。',
};

export function PlaceholderPage({ page, title }: { page: NavPage; title: string }) {
  return (
    <Stack gap="md" maw={880}>
      <Title order={3}>{title}</Title>
      <Card withBorder padding="lg" data-testid={`placeholder-${page}`}>
        <Stack gap="sm">
          <Group gap="xs">
            <Badge color="gray" variant="light" radius="sm">
              建设中
            </Badge>
            <Text fw={600}>本功能正在建设中，将在后续版本提供：</Text>
          </Group>
          <Text size="sm" lh={1.8}>
            {COMING[page] ?? ''}
          </Text>
        </Stack>
      </Card>
    </Stack>
  );
}
