/**
 * The one date field of the app: typed and shown as YYYY-MM-DD, picked from a Chinese calendar
 * (Monday first, 2026年3月), whatever language the browser or the machine is set to. The browser's own
 * date input follows the machine's locale (mm/dd/yyyy on an English system), so it is not used.
 */
import { DateInput } from '@mantine/dates';
import { type ReactNode, useState } from 'react';
import { formatDateChinese, parseTypedDate, TYPED_DATE_HINT } from '../../../shared/dates/typed-date.ts';

export interface DateFieldProps {
  label: ReactNode;
  description?: ReactNode;
  /** 'YYYY-MM-DD', or '' when empty. */
  value: string;
  /** 'YYYY-MM-DD', or '' when the officer emptied a clearable field. */
  onChange: (value: string) => void;
  error?: ReactNode;
  /** Earliest / latest date that can be chosen, 'YYYY-MM-DD'. */
  min?: string | undefined;
  max?: string | undefined;
  /** Shows a clear button and lets the field be emptied. */
  clearable?: boolean;
  disabled?: boolean;
  placeholder?: string;
  w?: number | string;
  'data-testid'?: string;
}

const CALENDAR_ARIA = {
  nextMonth: '下个月',
  previousMonth: '上个月',
  nextYear: '下一年',
  previousYear: '上一年',
  nextDecade: '后十年',
  previousDecade: '前十年',
  monthLevelControl: '选择月份',
  yearLevelControl: '选择年份',
};

/** Why typed text was not taken as the field's date, or null when it was (or the field is empty). */
function whyRefused(text: string, min: string | undefined, max: string | undefined): string | null {
  if (text === '') return null;
  const iso = parseTypedDate(text);
  if (iso === null) return `无法识别“${text}”，未采用。${TYPED_DATE_HINT}`;
  if (min && iso < min) return `日期不能早于 ${min}，未采用`;
  if (max && iso > max) return `日期不能晚于 ${max}，未采用`;
  return null;
}

export function DateField({
  label,
  description,
  value,
  onChange,
  error,
  min,
  max,
  clearable = false,
  disabled,
  placeholder = '年-月-日',
  w,
  'data-testid': testId,
}: DateFieldProps) {
  // Text that is not a usable date: the field falls back to the last good date on leaving, and says why.
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <DateInput
      label={label}
      description={description}
      value={value === '' ? null : value}
      onChange={(v) => {
        setRefused(null);
        onChange(v ?? '');
      }}
      onBlur={(ev) => {
        setRefused(whyRefused(ev.currentTarget.value.trim(), min, max));
      }}
      valueFormat="YYYY-MM-DD"
      dateParser={parseTypedDate}
      monthLabelFormat="YYYY年M月"
      yearLabelFormat="YYYY年"
      monthsListFormat="M月"
      ariaLabels={CALENDAR_ARIA}
      getDayAriaLabel={formatDateChinese}
      minDate={min || undefined}
      maxDate={max || undefined}
      clearable={clearable}
      disabled={disabled}
      placeholder={placeholder}
      error={refused ?? error}
      popoverProps={{ withinPortal: true }}
      w={w}
      data-testid={testId}
    />
  );
}
