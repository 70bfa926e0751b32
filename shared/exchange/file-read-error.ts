/**
 * A file the user picked that the app then cannot read, explained in Chinese, or null when `e` is not
 * such an error. Browsers reject File.arrayBuffer() / FileReader with a DOMException by name:
 * - NotReadableError when the system refuses access — Kylin V10's 应用保护 blocks reading 桌面 and 文档
 *   by default — or when the file was changed after it was picked;
 * - NotFoundError when it was moved or deleted in between.
 * Only the name is looked at, so this stays free of DOM types.
 */
export function fileReadErrorMessage(e: unknown): string | null {
  const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
  if (name === 'NotReadableError' || name === 'SecurityError') return NOT_READABLE;
  if (name === 'NotFoundError') return NOT_FOUND;
  return null;
}

export const NOT_READABLE = [
  '无法读取所选文件：本程序没有读取该文件的权限，或文件在选择之后又被改动过。',
  '麒麟等国产操作系统的“应用保护”默认不允许程序读取“桌面”和“文档”文件夹中的文件。请任选一种办法，然后重新选择文件：',
  '1. 把文件移到其他文件夹（例如“下载”或个人主目录），再从那里选择；',
  '2. 打开“安全中心 → 应用保护”，允许本程序读取文件。',
  '如果文件刚在 WPS 或 Excel 中修改过，请先保存并关闭它，再重新选择。',
].join('\n');

export const NOT_FOUND = '找不到所选文件，它可能已被移动、改名或删除。请重新选择文件。';
