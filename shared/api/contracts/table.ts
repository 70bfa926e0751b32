import type { z } from 'zod';

/** Every area's calls have this shape: a zod schema for the input and one for the output. */
export type ContractTable = Record<string, { input: z.ZodType; output: z.ZodType }>;
