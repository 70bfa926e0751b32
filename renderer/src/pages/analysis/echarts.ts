/**
 * The charting library, tree-shaken: only the chart types and components the 统计报表 page draws are
 * registered, on the canvas renderer (a county's million entities become a few hundred bars, but canvas
 * keeps redraws cheap and gives a PNG without serialising an SVG).
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { type ComposeOption, type EChartsType, init, use } from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { FONT_STACK } from '../../theme.ts';

use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  LabelLayout,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

export type ChartInstance = EChartsType;

/** Canvas, Chinese built-in texts (the library's own tooltips and empty states), the app's fonts. */
export function createChart(el: HTMLElement): ChartInstance {
  return init(el, null, { renderer: 'canvas', locale: 'ZH' });
}

/** An option drawn in the app's fonts (the Chinese system fonts of Windows and Linux desktops). */
export function withAppFont(option: ChartOption): ChartOption {
  return { textStyle: { fontFamily: FONT_STACK }, ...option };
}

/**
 * Class colours in class order: green for the most trusted, through blue and orange, to red (and a
 * dark purple for a fifth class such as A–E models' E), so the worst class is always the darkest.
 */
const CLASS_COLORS = ['#2f9e44', '#1c7ed6', '#f08c00', '#e03131', '#862e9c', '#495057'];

export function classColor(index: number): string {
  return CLASS_COLORS[Math.min(index, CLASS_COLORS.length - 1)] ?? '#868e96';
}
