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
