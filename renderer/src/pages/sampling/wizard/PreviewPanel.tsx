/** The wizard's preview: strata counts, exclusions, warnings and the digest the draw will commit to. */
import { Alert, Code, Stack, Table, Text } from '@mantine/core';
import type { Preview } from '../../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS } from '../../../../../shared/domain/entity.ts';
import { formatCount } from '../../../format.ts';
import { classText, pct } from '../shared.tsx';

export function PreviewPanel({ preview }: { preview: Preview }) {
  return (
    <Stack gap="sm" mt="md" data-testid="wizard-preview">
      <Text size="sm">
        候选 {formatCount(preview.candidates)} 户，预计抽取{' '}
        <b data-testid="preview-total">{formatCount(preview.total)}</b> 户；符合条件的检查人员{' '}
        {preview.eligibleInspectors} 名。
      </Text>
      <Table withTableBorder striped data-testid="preview-strata">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>主体类型</Table.Th>
            <Table.Th>风险等级</Table.Th>
            <Table.Th>候选数</Table.Th>
            <Table.Th>比例</Table.Th>
            <Table.Th>抽取数</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.strata.map((s) => (
            <Table.Tr key={`${s.kind}-${s.class}`}>
              <Table.Td>{ENTITY_KIND_LABELS[s.kind]}</Table.Td>
              <Table.Td>{classText(s.class)}</Table.Td>
              <Table.Td>{formatCount(s.N)}</Table.Td>
              <Table.Td>{pct(s.bp)}</Table.Td>
              <Table.Td>{formatCount(s.k)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {preview.excluded.length > 0 ? (
        <Text size="sm" c="dimmed">
          已排除：{preview.excluded.map((e) => `${e.reason} ${formatCount(e.count)} 户`).join('；')}
        </Text>
      ) : null}
      {preview.warnings.map((w) => (
        <Alert key={w} color="orange" variant="light" data-testid="preview-warning">
          {w}
        </Alert>
      ))}
      <Text size="sm">承诺摘要（digest，抽取前已固定，抽取时须一致）</Text>
      <Code block data-testid="preview-digest">
        {preview.digest}
      </Code>
    </Stack>
  );
}
