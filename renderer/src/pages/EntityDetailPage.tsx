import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Chip,
  Group,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { Fragment, useEffect, useMemo, useState } from 'react';
import type { Output, StoredRecord } from '../../../shared/api/contract.ts';
import {
  ENTITY_KIND_LABELS,
  ENTITY_STATUS_LABELS,
  type Entity,
  LEGAL_REP_LABELS,
} from '../../../shared/domain/entity.ts';
import { RECORD_TYPE_LABELS, RECORD_TYPES, type RecordType } from '../../../shared/domain/records.ts';
import { failureText, useApiQuery } from '../data/api-query.ts';
import { DisputedBadge, RecordRepair } from './repair/RecordRepair.tsx';
import {
  addressLabel,
  capitalLabel,
  DASH,
  formatCapital,
  formatCount,
  type RecordSummary,
  recordDateLabel,
  STATUS_COLORS,
  sortRecordsNewestFirst,
  sourceLabel,
  summarizeRecord,
} from '../format.ts';
import { navigate } from '../router.ts';
import { EntityGradePanel } from './grading/EntityGradePanel.tsx';

type Detail = Output<'entities.get'>;

/** How many timeline entries are drawn at once; very long files grow on request. */
const TIMELINE_STEP = 200;

interface Field {
  label: string;
  value: React.ReactNode;
  wide?: boolean;
  mono?: boolean;
  testId: string;
}

function entityFields(e: Entity): Field[] {
  const industry = [e.industryCode, e.industryName].filter(Boolean).join(' ');
  return [
    { label: '名称', value: e.name, wide: true, testId: 'name' },
    { label: '统一社会信用代码', value: e.uscc, mono: true, testId: 'uscc' },
    { label: '注册号', value: e.regNo, mono: true, testId: 'regNo' },
    { label: '主体类型', value: ENTITY_KIND_LABELS[e.kind], testId: 'kind' },
    { label: LEGAL_REP_LABELS[e.kind], value: e.legalRep, testId: 'legalRep' },
    { label: '成立日期', value: e.establishedOn, testId: 'establishedOn' },
    { label: '登记状态', value: ENTITY_STATUS_LABELS[e.status], testId: 'status' },
    { label: capitalLabel(e.kind), value: formatCapital(e), testId: 'capital' },
    { label: '行政区划代码', value: e.regionCode, mono: true, testId: 'regionCode' },
    { label: '乡镇（街道）', value: e.township, testId: 'township' },
    { label: '管辖单位', value: e.jurisdiction, testId: 'jurisdiction' },
    { label: '所属行业', value: industry || null, testId: 'industry' },
    { label: '联系电话', value: e.phone, mono: true, testId: 'phone' },
    { label: addressLabel(e.kind), value: e.address, wide: true, testId: 'address' },
    {
      label: '监管标签',
      value:
        e.tags.length > 0 ? (
          <Group gap={6}>
            {e.tags.map((t) => (
              <Badge key={t} variant="outline" color="gray" radius="sm" fw={500}>
                {t}
              </Badge>
            ))}
          </Group>
        ) : null,
      wide: true,
      testId: 'tags',
    },
  ];
}

/** A bordered descriptions grid: three label/value pairs a row, wide fields take a whole row. */
function Descriptions({ fields }: { fields: Field[] }) {
  return (
    <Box
      component="dl"
      m={0}
      style={{
        display: 'grid',
        gridTemplateColumns: '140px 1fr 140px 1fr 140px 1fr',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-sm)',
        overflow: 'hidden',
        fontSize: 14,
      }}
      data-testid="entity-fields"
    >
      {fields.map((f) => (
        <Fragment key={f.testId}>
          <Box
            component="dt"
            px="sm"
            py={8}
            bg="gray.0"
            c="gray.7"
            style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
          >
            {f.label}
          </Box>
          <Box
            component="dd"
            m={0}
            px="sm"
            py={8}
            className={f.mono ? 'cd-mono' : undefined}
            style={{
              gridColumn: f.wide ? 'span 5' : undefined,
              borderBottom: '1px solid var(--mantine-color-gray-2)',
              wordBreak: 'break-all',
            }}
            data-testid={`entity-field-${f.testId}`}
          >
            {f.value === null || f.value === undefined || f.value === '' ? (
              <Text c="gray.5">{DASH}</Text>
            ) : (
              f.value
            )}
          </Box>
        </Fragment>
      ))}
    </Box>
  );
}

function RecordItemBody({ record, summary: s }: { record: StoredRecord; summary: RecordSummary }) {
  const meta = [
    record.source ? `来源：${sourceLabel(record.source)}` : null,
    record.batchId !== null ? `导入批次 #${record.batchId}` : null,
  ]
    .filter(Boolean)
    .join('　');
  return (
    <Stack gap={2} mt={4}>
      {s.fields.length > 0 ? (
        <Group gap={0} style={{ rowGap: 2 }}>
          {s.fields.map(([label, value]) => (
            <Text key={label} size="sm" mr="lg">
              <Text span c="dimmed" size="sm">
                {label}：
              </Text>
              {value}
            </Text>
          ))}
        </Group>
      ) : null}
      {meta ? (
        <Text size="xs" c="gray.6">
          {meta}
        </Text>
      ) : null}
    </Stack>
  );
}

export function EntityDetailPage({ id }: { id: number }) {
  const entity = useApiQuery('entities.get', { id });
  const eligibility = useApiQuery('repair.eligibility', { entityId: id });
  const repairOf = useMemo(
    () => new Map((eligibility.data?.records ?? []).map((r) => [r.recordId, r])),
    [eligibility.data],
  );
  const detail: Detail | null = entity.data ?? null;
  const error = failureText(entity.error);
  const [typeFilter, setTypeFilter] = useState<string>('all');
  const [limit, setLimit] = useState(TIMELINE_STEP);

  const name = detail?.entity.name;
  useEffect(() => {
    if (name !== undefined) document.title = `${name} - 信用档案`;
  }, [name]);

  const sorted = useMemo(() => (detail ? sortRecordsNewestFirst(detail.records) : []), [detail]);
  const counts = useMemo(() => {
    const m = new Map<RecordType, number>();
    for (const r of sorted) m.set(r.type, (m.get(r.type) ?? 0) + 1);
    return m;
  }, [sorted]);
  const visible = typeFilter === 'all' ? sorted : sorted.filter((r) => r.type === typeFilter);

  const back = (
    <Button
      variant="subtle"
      size="compact-sm"
      onClick={() => navigate({ page: 'entities' })}
      data-testid="entity-back"
      w="fit-content"
    >
      ← 返回列表
    </Button>
  );

  if (error) {
    return (
      <Stack gap="sm">
        {back}
        <Alert color="red" title="无法打开信用档案" data-testid="entity-detail-error">
          {error}
        </Alert>
      </Stack>
    );
  }

  if (!detail) {
    return (
      <Stack gap="sm" data-testid="entity-detail-loading">
        {back}
        <Skeleton h={32} w={360} />
        <Skeleton h={200} />
        <Skeleton h={240} />
      </Stack>
    );
  }

  const e = detail.entity;
  const code = e.uscc ?? e.regNo;

  return (
    <ScrollArea h="100%" offsetScrollbars>
      <Stack gap="md" pb="lg" data-testid="entity-detail">
        {back}
        <div>
          <Title order={3} data-testid="entity-detail-name">
            {e.name}
          </Title>
          <Group gap="xs" mt={6}>
            {code ? (
              <Text className="cd-mono" mr="xs" data-testid="entity-detail-code">
                {code}
              </Text>
            ) : null}
            <Badge variant="light" color="gov" radius="sm" data-testid="entity-detail-kind">
              {ENTITY_KIND_LABELS[e.kind]}
            </Badge>
            <Badge
              variant="light"
              color={STATUS_COLORS[e.status]}
              radius="sm"
              data-testid="entity-detail-status"
            >
              {ENTITY_STATUS_LABELS[e.status]}
            </Badge>
            <Badge variant="outline" color="gray" radius="sm" fw={500}>
              信用记录 {formatCount(sorted.length)} 条
            </Badge>
          </Group>
        </div>

        <Card withBorder padding="md">
          <Title order={5} mb="sm">
            登记信息
          </Title>
          <Descriptions fields={entityFields(e)} />
        </Card>

        <EntityGradePanel entityId={id} />

        <Card withBorder padding="md">
          <Group justify="space-between" mb="sm">
            <Title order={5}>信用档案</Title>
            <Text size="sm" c="dimmed">
              按日期从新到旧排列
            </Text>
          </Group>

          {sorted.length === 0 ? (
            <Text c="dimmed" size="sm" data-testid="credit-timeline-empty">
              该主体暂无信用记录。
            </Text>
          ) : (
            <>
              <Chip.Group
                multiple={false}
                value={typeFilter}
                onChange={(v) => {
                  setTypeFilter(v);
                  setLimit(TIMELINE_STEP);
                }}
              >
                <Group gap={8} mb="md" data-testid="record-type-counts">
                  <Chip value="all" size="sm" radius="sm" data-testid="record-type-count-all">
                    全部 {formatCount(sorted.length)}
                  </Chip>
                  {RECORD_TYPES.filter((t) => counts.has(t)).map((t) => (
                    <Chip key={t} value={t} size="sm" radius="sm" data-testid={`record-type-count-${t}`}>
                      {RECORD_TYPE_LABELS[t]} {formatCount(counts.get(t) ?? 0)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>

              <Timeline bulletSize={14} lineWidth={2} className="cd-timeline" data-testid="credit-timeline">
                {visible.slice(0, limit).map((r) => {
                  const s = summarizeRecord(r, e.kind);
                  return (
                    <Timeline.Item
                      key={r.id}
                      bullet={
                        <Box
                          w={14}
                          h={14}
                          bg={`${s.color}.6`}
                          style={{ borderRadius: '50%', border: '2px solid white' }}
                        />
                      }
                      title={
                        <Group gap="sm" wrap="nowrap" justify="space-between">
                          <Group gap="xs" wrap="nowrap">
                            <Text fw={600} size="sm">
                              {RECORD_TYPE_LABELS[r.type] ?? r.type}
                            </Text>
                            {s.state ? (
                              <Badge size="sm" variant="light" color={s.state.color} radius="sm">
                                {s.state.text}
                              </Badge>
                            ) : null}
                            <DisputedBadge view={repairOf.get(r.id)} />
                          </Group>
                          <Text size="sm" c="dimmed" className="cd-num" style={{ whiteSpace: 'nowrap' }}>
                            {recordDateLabel(r.type, e.kind)} {r.date}
                          </Text>
                        </Group>
                      }
                      data-testid="timeline-item"
                      data-record-type={r.type}
                      data-record-id={r.id}
                    >
                      <RecordItemBody record={r} summary={s} />
                      <RecordRepair entityId={id} recordId={r.id} view={repairOf.get(r.id)} />
                    </Timeline.Item>
                  );
                })}
              </Timeline>
              {visible.length > limit ? (
                <Group justify="center" mt="md">
                  <Button variant="default" onClick={() => setLimit((l) => l + TIMELINE_STEP)}>
                    再显示 {Math.min(TIMELINE_STEP, visible.length - limit)} 条（还有{' '}
                    {formatCount(visible.length - limit)} 条）
                  </Button>
                </Group>
              ) : null}
            </>
          )}
        </Card>
      </Stack>
    </ScrollArea>
  );
}
