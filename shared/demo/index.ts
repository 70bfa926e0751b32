/** Demo county generator (see generate.ts). */
export { DEMO_COUNTY } from './county.ts';
export { createDemoFactory, type DemoEntity, type DemoOptions, generateDemoCounty } from './generate.ts';
export { demoAnnualReportYears, PUBLIC_SCORE_SCHEME } from './history.ts';
export { MAX_DEMO_ENTITIES } from './identifiers.ts';
export { INDUSTRIES, type Industry } from './industries.ts';
