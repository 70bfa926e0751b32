import { Alert, Badge, Group, List, Stack, Text } from '@mantine/core';
import type { Explanation } from '../../../../shared/api/contracts/grading.ts';
import { gradeColor, formatScore, formatTime } from './grades.ts';

const KIND_COLORS = { base: 'gray', indicator: 'blue', override: 'red', band: 'gov', note: 'gray' } as const;

/** One result in plain Chinese: the grade in force, the score, each line of the breakdown with its evidence. */
export function ExplanationView({ x, grades }: { x: Explanation; grades: { grade: string }[] }) {
  return (
    <Stack gap="sm" data-testid="explanation">
      <Group gap="sm" align="center">
        <Badge
          size="xl"
          radius="sm"
          color={gradeColor(x.effectiveGrade, grades)}
          data-testid="explanation-grade"
        >
          {x.effectiveGrade}
        </Badge>
        <Stack gap={0}>
          <Text fw={600}>{x.effectiveLabel}</Text>
          <Text size="sm" c="dimmed">
            {x.modelName} · 评价基准日 {x.asOf} · 得分 {formatScore(x.score)}
            {x.scoreGrade && x.scoreGrade !== x.grade ? `（按分数为 ${x.scoreGrade}）` : ''}
          </Text>
        </Stack>
      </Group>
      {x.adjustment ? (
        <Alert color="yellow" title="人工调整" data-testid="explanation-adjustment" p="xs">
          计算结果 {x.adjustment.fromGrade}，由 {x.adjustment.adjustedBy} 于{' '}
          {formatTime(x.adjustment.adjustedAt)} 调整为 {x.adjustment.toGrade}
          {x.adjustment.carried ? '（沿用此前的调整）' : ''}。理由：{x.adjustment.reason}
        </Alert>
      ) : null}
      <Text size="sm" data-testid="explanation-summary">
        {x.summary}
      </Text>
      <List spacing={6} size="sm" data-testid="explanation-lines">
        {x.lines.map((l, i) => (
          <List.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines of a stored result never reorder
            key={i}
            icon={<Badge size="xs" radius="sm" variant="light" color={KIND_COLORS[l.kind]} w={10} p={0} />}
            data-testid="explanation-line"
          >
            <Text
              size="sm"
              fw={l.kind === 'override' ? 600 : 400}
              c={l.kind === 'override' ? 'red.8' : undefined}
            >
              {l.text}
            </Text>
            {l.evidence.length > 0 ? (
              <Stack gap={0} mt={2}>
                {l.evidence.slice(0, 8).map((e, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: evidence summaries may repeat
                  <Text key={j} size="xs" c="dimmed">
                    · {e}
                  </Text>
                ))}
                {l.evidence.length > 8 ? (
                  <Text size="xs" c="dimmed">
                    …另有 {l.evidence.length - 8} 条
                  </Text>
                ) : null}
              </Stack>
            ) : null}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
