/**
 * Step 2 of the wizard: 不定向 or 定向 (企业公示信息抽查办法 Art. 5) as one choice of two, the 定向
 * filters, and the 手工排除 box with every rejected line listed with its reason.
 */
import {
  Alert,
  List,
  MultiSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { ENTITY_KIND_LABELS, ENTITY_KINDS, type EntityKind } from '../../../../../shared/domain/entity.ts';
import type { CheckedExclusions } from './check-exclusions.ts';
import type { WizardForm } from './form.ts';

const MODES = [
  { value: 'undirected', label: '不定向抽查' },
  { value: 'directed', label: '定向抽查' },
];

export function ScopeStep({
  form,
  set,
  townships,
  exclusions,
}: {
  form: WizardForm;
  set: <K extends keyof WizardForm>(k: K, v: WizardForm[K]) => void;
  townships: string[];
  /** The last check of the 手工排除 box (null until the user goes on). */
  exclusions: CheckedExclusions | null;
}) {
  return (
    <Stack gap="sm" mt="md">
      <div>
        <Text size="sm" fw={500} mb={4}>
          抽查类型
        </Text>
        <SegmentedControl
          data={MODES}
          value={form.directed ? 'directed' : 'undirected'}
          onChange={(v) => set('directed', v === 'directed')}
          data-testid="wizard-directed"
        />
        <Text size="xs" c="dimmed" mt={4}>
          {form.directed
            ? '定向抽查：只在下面设定的主体类型、乡镇（街道）、行业范围内随机抽取。'
            : '不定向抽查：在全部在业的检查对象中随机抽取。'}
        </Text>
      </div>
      {form.directed ? (
        <SimpleGrid cols={3}>
          <MultiSelect
            label="主体类型"
            placeholder="不限"
            data={ENTITY_KINDS.map((k) => ({ value: k, label: ENTITY_KIND_LABELS[k] }))}
            value={form.kinds}
            onChange={(v) => set('kinds', v as EntityKind[])}
            data-testid="wizard-kinds"
          />
          <MultiSelect
            label="乡镇（街道）"
            placeholder="不限"
            data={townships}
            value={form.townships}
            onChange={(v) => set('townships', v)}
            searchable
          />
          <TextInput
            label="行业代码前缀"
            placeholder="如 F52、H62，多个用逗号分开"
            value={form.industryPrefixes}
            onChange={(e) => set('industryPrefixes', e.currentTarget.value)}
          />
        </SimpleGrid>
      ) : null}
      <Textarea
        label="手工排除的主体（可选）"
        description="每行一户：统一社会信用代码或注册号，空格后写理由。注销、吊销等非在业主体，本年度已达抽查上限的主体，以及已在其他未公示计划中的主体会自动排除。"
        autosize
        minRows={2}
        value={form.exclusions}
        onChange={(e) => set('exclusions', e.currentTarget.value)}
        data-testid="wizard-exclusions"
      />
      {exclusions && exclusions.rejected.length > 0 ? (
        <Alert
          color="red"
          variant="light"
          title={`以下 ${exclusions.rejected.length} 行未被接受，请改正或删除后再继续`}
          data-testid="wizard-exclusions-rejected"
        >
          <List size="sm">
            {exclusions.rejected.map((r) => (
              <List.Item key={r.line}>
                第 {r.line} 行「{r.text}」：{r.problem}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {exclusions && exclusions.taken.length > 0 && exclusions.rejected.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="wizard-exclusions-taken">
          将排除 {exclusions.taken.length} 户：
          {exclusions.taken.map((t) => exclusions.known.get(t.entity)?.name ?? t.entity).join('、')}
        </Text>
      ) : null}
    </Stack>
  );
}
