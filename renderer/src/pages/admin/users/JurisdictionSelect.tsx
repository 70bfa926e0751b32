import { Select } from '@mantine/core';
import { useApiQuery } from '../../../data/api-query.ts';

/** What an empty choice means: no 管辖单位, the user reads the whole county. */
export const WHOLE_COUNTY = '全县';

/**
 * The 管辖单位 an administrator picks for a user: the units the county's entities name (largest first,
 * with their counts), plus the user's current one should no entity name it any more. Cleared: the
 * whole county. A 管理员 is never scoped, so the field is off for one.
 */
export function JurisdictionSelect({
  value,
  onChange,
  isAdmin,
  label,
  size,
  ariaLabel,
  testId,
}: {
  value: string | null;
  onChange: (unit: string | null) => void;
  isAdmin: boolean;
  label?: string;
  size?: 'xs' | 'sm';
  ariaLabel?: string;
  testId?: string;
}) {
  const units = useApiQuery('entities.jurisdictions', {});
  const listed = units.data?.jurisdictions ?? [];
  const data = listed.map((u) => ({
    value: u.name,
    label: `${u.name}（${u.count.toLocaleString('zh-CN')} 户）`,
  }));
  if (value !== null && !listed.some((u) => u.name === value)) data.unshift({ value, label: value });
  return (
    <Select
      label={label}
      description={label ? '限定后，该用户只能查看、导出本单位的市场主体；留空为全县。' : undefined}
      size={size}
      data={data}
      value={isAdmin ? null : value}
      onChange={onChange}
      disabled={isAdmin}
      placeholder={isAdmin ? `${WHOLE_COUNTY}（管理员不受限）` : WHOLE_COUNTY}
      clearable
      searchable
      nothingFoundMessage="没有市场主体属于这个管辖单位"
      comboboxProps={{ withinPortal: true }}
      aria-label={ariaLabel}
      data-testid={testId}
    />
  );
}
