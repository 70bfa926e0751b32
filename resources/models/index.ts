/**
 * The six built-in models of SPEC §5.2, as data. They are validated by `shared/grading/builtins.ts`
 * (and by its tests) before use; this file only gathers the JSON files in their display order.
 */
import heilongjiang from './heilongjiang-public-1000.json' with { type: 'json' };
import henanIndustry from './henan-pds-industry-100.json' with { type: 'json' };
import henanPublic from './henan-pds-public-100.json' with { type: 'json' };
import samrRisk from './samr-risk.json' with { type: 'json' };
import shandong from './shandong-jining-public-1000.json' with { type: 'json' };
import zhejiang from './zhejiang-industry-1000.json' with { type: 'json' };

/** Raw model JSON, county default first. */
export const BUILTIN_MODEL_JSON: readonly unknown[] = [
  samrRisk,
  henanPublic,
  henanIndustry,
  zhejiang,
  shandong,
  heilongjiang,
];
