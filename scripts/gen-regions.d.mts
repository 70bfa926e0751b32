export const SOURCE: string;
export const TARGET: string;
export function regionEntries(csv: string): [string, string][];
export function renderModule(entries: [string, string][], version: string): string;
