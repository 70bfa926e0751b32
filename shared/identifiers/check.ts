/**
 * Identifier validation (SPEC §3). The result is a public JSON contract (`creditdesk uscc check`):
 * errors = the value is unusable; warnings = usable but a person should look at it; valid = strict
 * (no errors and every check character passes). Messages are for county officers, in Simplified Chinese.
 */
import { orgCheckChar, regNo15CheckDigit, USCC_CHARSET, usccCheckChar } from './checkchars.ts';
import { EXCEL_EXACT_DIGITS, isExcelScientific, stripExcelDecimal } from './excel.ts';
import { idNumberBirthDate } from './idnumber.ts';
import { foldWidth, normalizeCode } from './normalize.ts';
import { usccKindPrefix } from './prefixes.ts';

export type IdentifierKind = 'uscc' | 'regno15' | 'regno13' | 'unknown';

export interface IdentifierCheck {
  input: string;
  normalized: string;
  kind: IdentifierKind;
  valid: boolean;
  errors: string[];
  warnings: string[];
  checks: { checkChar?: boolean; orgCode?: boolean; mod1110?: boolean };
}

export interface CheckOptions {
  /** 'entity' (default): the column holds market entities, so an ID-number-shaped value is suspicious. */
  context?: 'entity' | 'any';
}

/** Structure from domain-facts §4.1: charset everywhere, digits only in the region code (positions 3–8). */
const WELL_FORMED_USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** True for an 18-character, already normalised code of the right shape (check characters not tested). */
export function isWellFormedUscc(code: string): boolean {
  return WELL_FORMED_USCC.test(code);
}

const REEXPORT =
  '请在 Excel 中把该列的单元格格式设为「文本」，从原系统重新导出（或照营业执照重新录入）后再导入';

function distinct(chars: Iterable<string>): string {
  return [...new Set(chars)].join('、');
}

export function checkIdentifier(input: string, opts: CheckOptions = {}): IdentifierCheck {
  const folded = foldWidth(input).trim();
  const result: IdentifierCheck = {
    input,
    normalized: normalizeCode(input),
    kind: 'unknown',
    valid: false,
    errors: [],
    warnings: [],
    checks: {},
  };
  const { errors, warnings } = result;

  if (result.normalized === '') {
    errors.push('代码为空，请填写 18 位统一社会信用代码');
    return result;
  }
  if (isExcelScientific(folded)) {
    errors.push(
      `「${folded}」是科学计数法，说明代码被 Excel 当作数字处理过，后几位已经丢失，无法恢复。${REEXPORT}`,
    );
    return result;
  }
  // Decision: 13/15 digits + ".0" are exact (within Excel's 15 digits), so strip with a warning; longer
  // values have lost digits and are errors like scientific notation.
  const digits = stripExcelDecimal(folded);
  if (digits !== null) {
    if (digits.length > EXCEL_EXACT_DIGITS) {
      errors.push(
        `「${folded}」带有小数点，说明代码被 Excel 当作数字处理过；Excel 只保留 15 位有效数字，末几位已经丢失，无法恢复。${REEXPORT}`,
      );
      return result;
    }
    if (digits.length === 13 || digits.length === 15) {
      result.normalized = digits;
      warnings.push(
        `原值「${folded}」末尾的「.0」是 Excel 把该列当作数字造成的，已自动去掉；建议把该列设为「文本」格式`,
      );
    }
  }

  const code = result.normalized;
  if (code.length === 18) checkUscc(code, result, opts.context ?? 'entity');
  else if (code.length === 15 || code.length === 13) checkRegNo(code, result);
  else {
    errors.push(
      `长度为 ${code.length} 位，不是有效代码：统一社会信用代码应为 18 位（旧工商注册号为 15 位或 13 位数字）`,
    );
  }
  result.valid = errors.length === 0 && passesChecks(result);
  return result;
}

/** Strict validity: every check character that the kind has must pass (a 13-digit number has none). */
function passesChecks({ kind, checks }: IdentifierCheck): boolean {
  if (kind === 'uscc') return checks.checkChar === true && checks.orgCode === true;
  if (kind === 'regno15') return checks.mod1110 === true;
  return kind === 'regno13';
}

function checkUscc(code: string, result: IdentifierCheck, context: 'entity' | 'any'): void {
  const { errors, warnings, checks } = result;
  result.kind = 'uscc';

  const illegal = [...code].filter((ch) => !USCC_CHARSET.includes(ch));
  const expected = usccCheckChar(code.slice(0, 17));
  if (illegal.length > 0) {
    const hints: string[] = [];
    if (illegal.some((ch) => 'IOSVZ'.includes(ch))) {
      hints.push('代码中没有字母 I、O、S、V、Z，请检查是否把数字 1、0、5、2 等误录成了字母');
    }
    // When only the last character is wrong, the check rule tells us what it should be.
    if (expected) hints.push(`按校验规则第 18 位应为 ${expected}`);
    const hint = hints.length > 0 ? `（${hints.join('；')}）` : '';
    errors.push(`含有统一社会信用代码不使用的字符：${distinct(illegal)}${hint}`);
  }
  const region = code.slice(2, 8);
  if (!/^\d{6}$/.test(region)) {
    errors.push(`第 3–8 位是登记机关的行政区划代码，应全部为数字，实际为「${region}」`);
  }

  // Each check is reported whenever the characters it covers are usable, even if another part is broken.
  if (expected) checks.checkChar = expected === code[17];
  const org = orgCheckChar(code.slice(8, 16));
  if (org && [...code.slice(8, 17)].every((ch) => USCC_CHARSET.includes(ch)))
    checks.orgCode = org === code[16];
  if (errors.length > 0) return; // fix the format first; check-character hints would only add noise

  const birth = context === 'entity' ? idNumberBirthDate(code) : null;
  if (birth) {
    const failing = checks.checkChar && checks.orgCode ? '' : '，且不符合统一社会信用代码的校验规则';
    warnings.push(
      `疑似居民身份证号（第 7–14 位像出生日期 ${birth}${failing}），不是统一社会信用代码；企业和个体工商户请填写营业执照上的 18 位统一社会信用代码`,
    );
    return; // the prefix and check-character messages below would mislead for an ID number
  }
  if (checks.checkChar === false) {
    warnings.push(
      `校验位应为 ${expected}，实际为 ${code[17]}（2016 年前厦门、福州试点期发放的代码可能如此，属合法代码，请与营业执照核对）`,
    );
  }
  if (checks.orgCode === false) {
    warnings.push(
      `第 9–17 位（组织机构代码）的校验位应为 ${org}，实际为 ${code[16]}，可能录入有误，请与营业执照核对`,
    );
  }
  if (!usccKindPrefix(code)) {
    warnings.push(
      `前两位「${code.slice(0, 2)}」不在国家标准的登记管理部门和机构类别代码表中（市场监管登记的主体应为 91 企业、92 个体工商户、93 农民专业合作社），请核对`,
    );
  }
}

function checkRegNo(code: string, result: IdentifierCheck): void {
  const n = code.length;
  const nonDigits = [...code].filter((ch) => ch < '0' || ch > '9');
  if (nonDigits.length > 0) {
    result.errors.push(
      `长度为 ${n} 位，但含有非数字字符 ${distinct(nonDigits)}：${n} 位的旧工商注册号只能由数字组成，统一社会信用代码应为 18 位`,
    );
    return;
  }
  if (n === 13) {
    result.kind = 'regno13';
    result.warnings.push(
      '13 位旧工商注册号（2006 年前发放）没有校验位，无法核验是否录入正确，请与营业执照核对，最好改填 18 位统一社会信用代码',
    );
    return;
  }
  result.kind = 'regno15';
  const expected = regNo15CheckDigit(code.slice(0, 14))!;
  result.checks.mod1110 = expected === code[14];
  if (!result.checks.mod1110) {
    result.warnings.push(
      `15 位工商注册号的校验位（第 15 位）应为 ${expected}，实际为 ${code[14]}，可能录入有误，请与营业执照核对`,
    );
  }
}
