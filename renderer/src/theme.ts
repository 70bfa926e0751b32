import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** System fonts only (the app is offline): Windows YaHei first, then the CJK fonts of Linux desktops. */
export const FONT_STACK =
  '"Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Segoe UI", system-ui, sans-serif';
export const MONO_STACK =
  'Consolas, "DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono CJK SC", "Microsoft YaHei", monospace';

/** A sober government blue. */
const govBlue: MantineColorsTuple = [
  '#eaf2fb',
  '#d5e3f3',
  '#a9c5e6',
  '#7aa5d9',
  '#548bcf',
  '#3b7ac9',
  '#2d70c7',
  '#1f5fb0',
  '#16549e',
  '#02488c',
];

export const theme = createTheme({
  primaryColor: 'gov',
  primaryShade: 7,
  colors: { gov: govBlue },
  fontFamily: FONT_STACK,
  fontFamilyMonospace: MONO_STACK,
  headings: { fontFamily: FONT_STACK, fontWeight: '600' },
  defaultRadius: 'sm',
  cursorType: 'pointer',
});
