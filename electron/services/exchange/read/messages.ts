/** The reader's Chinese messages in one place, so their wording stays consistent. */
import type { ReadError, ReadErrorCode } from './types.ts';
import type { ZipFailure } from './zip-guard.ts';

export function fail(code: ReadErrorCode, message: string): ReadError {
  return { ok: false, code, message };
}

export function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

export const MSG = {
  empty: '文件是空的（0 字节），请确认选择了正确的文件。',
  encrypted:
    '文件设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开该文件，在「文件 → 信息 → 保护工作簿」（WPS：「文件 → 文档加密」）中取消密码并保存后再导入。',
  unsupported: (ext: string) =>
    `无法识别的文件格式${ext ? `（.${ext}）` : ''}。请导入 Excel 工作簿（.xlsx、.xls）、WPS 表格（.et）、OpenDocument 表格（.ods）或 CSV 文本文件。`,
  corrupt: (detail: string) =>
    `文件已损坏或不是有效的电子表格，无法读取。请在 Excel 或 WPS 中打开并「另存为」.xlsx 后重新导入。${detail ? `（技术信息：${detail}）` : ''}`,
  tooLarge: (size: number, max: number) =>
    `文件太大（${mib(size)}），超过上限 ${mib(max)}。请按乡镇或月份拆分成几个文件分别导入。`,
  zipBomb: (detail: string) =>
    `文件解压后的数据量异常（${detail}），疑似恶意构造的压缩炸弹文件，已拒绝读取。请从原系统重新导出该文件。`,
  tooManyRows: (sheet: string, max: number) =>
    `工作表「${sheet}」超过 ${max.toLocaleString('en-US')} 行，超出单次导入的上限。请拆分成几个文件分别导入。`,
  tooManyCells: (cells: number, rows: number, max: number) => {
    const perRow = rows > 0 ? cells / rows : 1;
    const rowsPerFile = Math.max(1000, Math.floor(max / Math.max(1, perRow) / 1000) * 1000);
    return `表格共约 ${cells.toLocaleString('en-US')} 个单元格，超过单次导入的上限 ${max.toLocaleString('en-US')} 个。请按乡镇或月份拆分成几个文件（每个不超过约 ${rowsPerFile.toLocaleString('en-US')} 行，或删去不需要的列）后分别导入。`;
  },
  tooManyColumns: (sheet: string, max: number) =>
    `工作表「${sheet}」超过 ${max.toLocaleString('en-US')} 列，不像是导入数据表。请检查文件内容。`,
  noSheets: '文件中没有可读取的工作表（可能只有图表或宏表）。',
  damagedSheet: (sheet: string) =>
    `工作表「${sheet}」已损坏，无法读取：其中的单元格数据无法解析（例如单元格引用了文件内部文字表中不存在的条目，常见于非 Excel 软件生成或传输中损坏的文件）。请在 Excel 或 WPS 中打开该文件，核对内容后「另存为」.xlsx 再导入。`,
  notText: '文件不是文本格式，无法按 CSV 读取。若是 Excel 文件，请确认扩展名为 .xlsx 或 .xls。',
  outOfMemory:
    '文件过大或结构异常，读取时内存不足，已停止。请按乡镇或月份拆分成几个文件，或在 Excel 中另存为 .xlsx 后重试。',
  timeout: (seconds: number) =>
    `读取文件超过 ${seconds} 秒仍未完成，已停止。文件可能已损坏或过于复杂，请在 Excel 中另存为 .xlsx 后重试。`,
} as const;

/** A zip archive the guard refused, as the user is told. */
export function zipRefusal(z: ZipFailure, fileBytes: number, maxFileBytes: number): ReadError {
  if (z.reason === 'encrypted') return fail('encrypted', MSG.encrypted);
  if (z.reason === 'bomb') return fail('zip-bomb', MSG.zipBomb(z.detail));
  if (z.reason === 'too-large') return fail('too-large', MSG.tooLarge(fileBytes, maxFileBytes));
  return fail('corrupt', MSG.corrupt(z.detail));
}
