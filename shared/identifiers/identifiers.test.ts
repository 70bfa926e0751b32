import { describe, expect, it } from 'vitest';
import {
  checkIdentifier,
  isWellFormedUscc,
  normalizeCode,
  orgCheckChar,
  usccCheckChar,
  usccKindPrefix,
} from './index.ts';

/** A code with both check characters correct, from positions 1–16. */
function build(first16: string): string {
  const body = first16 + orgCheckChar(first16.slice(8));
  return body + usccCheckChar(body);
}

// Golden cases: domain-facts §4.2–4.4 and §7.
describe('normalizeCode', () => {
  it('trims, folds full-width, strips spaces/dashes and upper-cases', () => {
    expect(normalizeCode('  ９１３５０１００Ｍ０００１００Ｙ４３\u3000')).toBe('91350100M000100Y43');
    expect(normalizeCode('91 3501-00m000100y43')).toBe('91350100M000100Y43');
    expect(normalizeCode('91350100－M000100—Y4–3')).toBe('91350100M000100Y43');
    expect(normalizeCode('9-1-1-1-0-0-0-0-6-0-0-0-3-7-3-4-1-l')).toBe('91110000600037341L');
    expect(normalizeCode('\uFEFF91350100M000100Y43\u200B')).toBe('91350100M000100Y43');
  });
});

describe('USCC check characters', () => {
  it('computes the worked example of the standard', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it.each([
    '91350100M000100Y43',
    '913300006651591040', // Σ mod 31 = 0 → '0'
    '91330000793399233Y', // check value 30
    '9133000007404441XQ', // org-code check 'X'
    '91330000582660120F', // org-code check '0'
    '91330102MA27YU8W73',
    '91330000MA27U04X6X',
  ])('%s is valid with no messages', (code) => {
    const r = checkIdentifier(code);
    expect(r).toMatchObject({ kind: 'uscc', valid: true, errors: [], warnings: [] });
    expect(r.checks).toEqual({ checkChar: true, orgCode: true });
  });

  it.each([
    ['91330481L392519426', 'L'],
    ['91330302l19373061U', 'A'],
  ])('%s fails the check character (expected %s) as a warning, not an error', (code, expected) => {
    const r = checkIdentifier(code);
    expect(r.kind).toBe('uscc');
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([]);
    expect(r.checks.checkChar).toBe(false);
    expect(r.warnings.join()).toContain(`校验位应为 ${expected}`);
    expect(r.warnings.join()).toContain('试点期');
  });

  it('does not warn about normalisation (full-width, lower case, spaces)', () => {
    const r = checkIdentifier(' ９１３３０１０２ｍａ２７ｙｕ８ｗ７３ ');
    expect(r).toMatchObject({ normalized: '91330102MA27YU8W73', valid: true, warnings: [], errors: [] });
  });

  it('warns when only the embedded organisation code fails', () => {
    // USCC check char recomputed for a body whose org-code check (pos 17) is wrong.
    const code17 = '91330000665159105'; // org code 665159105 should end in 0
    const r = checkIdentifier(code17 + usccCheckChar(code17));
    expect(r.checks).toEqual({ checkChar: true, orgCode: false });
    expect(r.valid).toBe(false);
    expect(r.warnings.join()).toContain('组织机构代码');
  });
});

describe('USCC errors', () => {
  it.each(['9.13301E+17', '9.13301e17', '9,13301E+17', '9E+17', '９．１３３０１Ｅ＋１７'])(
    'rejects Excel scientific notation %s',
    (raw) => {
      const r = checkIdentifier(raw);
      expect(r.valid).toBe(false);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(/Excel.*无法恢复.*文本/);
    },
  );

  it('keeps a genuine code with digits–E–digits', () => {
    expect(checkIdentifier(build('9133000012345E12'))).toMatchObject({ valid: true, warnings: [] });
  });

  it('names the illegal characters', () => {
    const r = checkIdentifier('9111000060003IOZSV');
    expect(r.errors.join()).toContain('I、O、Z、S、V');
    expect(r.valid).toBe(false);
  });

  it.each([
    ['91110000600037341I', 'L'],
    ['91350100M000100Y4Z', '3'], // the standard's own invalid example: Z is not in the charset
  ])('%s: suggests the check character %s when only position 18 is illegal', (code, expected) => {
    const r = checkIdentifier(code);
    expect(r.errors.join()).toContain(`第 18 位应为 ${expected}`);
    expect(r.checks.checkChar).toBe(false);
  });

  it.each(['', '   ', '－'])('rejects empty input %j', (raw) => {
    expect(checkIdentifier(raw).errors.join()).toContain('为空');
  });

  it.each(['12345', '12345678', '9133000066515910401'])('rejects wrong length %s', (raw) => {
    const r = checkIdentifier(raw);
    expect(r).toMatchObject({ kind: 'unknown', valid: false });
    expect(r.errors.join()).toContain(`长度为 ${raw.length} 位`);
  });

  it('rejects letters in the region code', () => {
    expect(checkIdentifier(build('91A3000058266012')).errors.join()).toContain('行政区划');
  });

  it('rejects an 18-digit Excel number with ".0" (digits already lost)', () => {
    expect(checkIdentifier('913300006651591040.0').errors.join()).toContain('无法恢复');
  });
});

describe('ID numbers in a USCC column', () => {
  it('flags 362322198709086409 although it passes the USCC checksum', () => {
    const r = checkIdentifier('362322198709086409');
    expect(r.checks).toEqual({ checkChar: true, orgCode: false });
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/疑似.*身份证号/);
    expect(r.warnings[0]).toContain('1987-09-08');
  });

  it('does not flag in context "any", where the org-code and prefix warnings remain', () => {
    const r = checkIdentifier('362322198709086409', { context: 'any' });
    expect(r.warnings.join()).not.toContain('身份证');
    expect(r.warnings.join()).toContain('组织机构代码');
    expect(r.warnings.join()).toContain('前两位「36」');
  });

  it('does not flag impossible dates or enterprise prefixes', () => {
    expect(checkIdentifier('111111111111111111').warnings.join()).not.toContain('身份证');
    expect(checkIdentifier('362322198702306409').warnings.join()).not.toContain('身份证'); // 30 February
    expect(checkIdentifier('913301198709086409').warnings.join()).not.toContain('身份证');
  });
});

describe('registration-authority prefixes', () => {
  it.each([
    ['91', '企业'],
    ['92', '个体工商户'],
    ['93', '农民专业合作社'],
    ['12', '事业单位'],
    ['51', '社会团体'],
    ['Y1', '其他'],
    ['N2', '村级集体经济组织'],
  ])('%s → %s', (prefix, category) => {
    expect(usccKindPrefix(`${prefix}0000000000000000`)?.category).toBe(category);
  });

  it.each(['94', 'Y2', 'B1', '0A'])('%s is unknown: a warning, never an error', (prefix) => {
    expect(usccKindPrefix(prefix)).toBeNull();
    const r = checkIdentifier(build(`${prefix}33000058266012`), { context: 'any' });
    expect(r).toMatchObject({ valid: true, errors: [] });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain(`前两位「${prefix}」`);
  });

  it('isWellFormedUscc checks shape only', () => {
    expect(isWellFormedUscc('91330481L392519426')).toBe(true);
    expect(isWellFormedUscc('91350100M000100Y4')).toBe(false);
    expect(isWellFormedUscc('9135010OM000100Y43')).toBe(false);
  });
});

describe('legacy 注册号', () => {
  it.each(['330000000036006', '330000000047893', '330000000076128'])('15-digit %s is valid', (code) => {
    expect(checkIdentifier(code)).toMatchObject({
      kind: 'regno15',
      valid: true,
      errors: [],
      warnings: [],
      checks: { mod1110: true },
    });
  });

  it.each([
    ['330382101730300', '4'],
    ['330327000082876', '1'],
  ])('15-digit %s fails MOD 11,10 (expected %s) as a warning', (code, expected) => {
    const r = checkIdentifier(code);
    expect(r).toMatchObject({ kind: 'regno15', valid: false, errors: [], checks: { mod1110: false } });
    expect(r.warnings.join()).toContain(`应为 ${expected}`);
  });

  it('13-digit numbers are valid but cannot be verified', () => {
    const r = checkIdentifier('3301062015292');
    expect(r).toMatchObject({ kind: 'regno13', valid: true, errors: [], checks: {} });
    expect(r.warnings.join()).toContain('没有校验位');
  });

  it('strips an Excel ".0" from a 15-digit number with a warning', () => {
    const r = checkIdentifier('330100000111310.0');
    expect(r).toMatchObject({ normalized: '330100000111310', kind: 'regno15', valid: true, errors: [] });
    expect(r.warnings.join()).toContain('.0');
  });

  it.each(['33000000003600A', '330106201529B'])('rejects non-digits in %s', (code) => {
    const r = checkIdentifier(code);
    expect(r).toMatchObject({ kind: 'unknown', valid: false });
    expect(r.errors.join()).toContain('非数字');
  });

  it('rejects a 15-digit Excel number in scientific notation', () => {
    expect(checkIdentifier('3.30382E+14').errors.join()).toContain('无法恢复');
  });
});
