/** Public API of identifier validation (SPEC §3). */
export { orgCheckChar, regNo15CheckDigit, USCC_CHARSET, usccCheckChar } from './checkchars.ts';
export type { CheckOptions, IdentifierCheck, IdentifierKind } from './check.ts';
export { checkIdentifier, isWellFormedUscc } from './check.ts';
export { normalizeCode } from './normalize.ts';
export type { UsccPrefixInfo } from './prefixes.ts';
export { usccKindPrefix } from './prefixes.ts';
export type { DerivedRegion } from './region.ts';
export { regionFromUscc, regionName } from './region.ts';
