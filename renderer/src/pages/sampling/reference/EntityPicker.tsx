/**
 * Picks a market entity by typing part of its name or code: the entity search answers as the user
 * types, and each option shows the name beside the code. What is typed stays in the box even when no
 * option is picked (`onTyped`), so the caller can check a typed code and say why it is refused.
 */
import { Autocomplete } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiQuery } from '../../../data/api-query.ts';

export interface PickedEntity {
  code: string;
  name: string;
}

const SEARCH_DELAY_MS = 250;

export function optionLabel(e: PickedEntity): string {
  return `${e.name}（${e.code}）`;
}

export function EntityPicker({
  value,
  onChange,
  onTyped,
  label,
  error,
  testId,
}: {
  value: PickedEntity | null;
  onChange: (e: PickedEntity | null) => void;
  /** The text in the box, whether or not an option was picked. */
  onTyped: (text: string) => void;
  label: string;
  error?: string | null;
  testId?: string;
}) {
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), SEARCH_DELAY_MS);
  // The box shows the picked option's label after a pick; searching for it would find nothing new.
  const wanted = query.length >= 2 && !(value && query === optionLabel(value));
  const search = useApiQuery(
    'entities.search',
    { query, limit: 20 },
    // While the user types on, the options found last stay until the next answer.
    { enabled: wanted, placeholderData: keepPreviousData },
  );
  const found: PickedEntity[] = (search.data?.rows ?? []).map((e) => ({ code: e.code, name: e.name }));

  const byLabel = new Map(found.map((f) => [optionLabel(f), f]));
  if (value) byLabel.set(optionLabel(value), value);
  return (
    <Autocomplete
      label={label}
      placeholder="输入名称或代码搜索"
      value={text}
      onChange={(t) => {
        setText(t);
        onTyped(t);
        if (value && t !== optionLabel(value)) onChange(null);
      }}
      onOptionSubmit={(l) => onChange(byLabel.get(l) ?? null)}
      // The search already filtered on the server (names and code prefixes).
      filter={({ options }) => options}
      data={[...byLabel.keys()]}
      rightSection={search.isFetching ? '…' : null}
      error={error}
      data-testid={testId}
    />
  );
}
