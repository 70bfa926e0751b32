import type { Locator } from 'playwright-core';

/**
 * Types a date into one of the app's date fields (components/DateField.tsx) and leaves the field, which
 * closes its calendar so it covers nothing the next step clicks.
 */
export async function fillDate(field: Locator, iso: string): Promise<void> {
  await field.fill(iso);
  await field.blur();
}
