import type { ECElementEvent } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { type ChartInstance, type ChartOption, createChart, withAppFont } from './echarts.ts';

/** Width of an A4 page's printable area at 12 mm margins, in CSS pixels (186 mm at 96 dpi). */
const PRINT_WIDTH_PX = 700;

export interface EChartProps {
  option: ChartOption;
  height: number;
  /** A click on a bar or point; the chart's own data item says what was clicked. */
  onItemClick?: (event: ECElementEvent) => void;
  /** Receives the instance (null after unmount), for the PNG export. */
  onInstance?: (chart: ChartInstance | null) => void;
  label: string;
  'data-testid'?: string;
}

/**
 * One ECharts canvas that follows its box: redrawn when the box is resized (window, nav, print) and
 * drawn at the printable width of an A4 page while printing, so no chart is cut at the page edge.
 */
export function EChart({ option, height, onItemClick, onInstance, label, ...rest }: EChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ChartInstance | null>(null);
  // The latest handlers, read when an event comes: the chart is created once, handlers change per render.
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;
  const instanceRef = useRef(onInstance);
  instanceRef.current = onInstance;

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const chart = createChart(box);
    chartRef.current = chart;
    instanceRef.current?.(chart);
    chart.on('click', (e) => clickRef.current?.(e));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(box);
    const beforePrint = () => chart.resize({ width: Math.min(PRINT_WIDTH_PX, box.clientWidth) });
    // 'auto': the print width was given explicitly, and the chart would keep it otherwise.
    const afterPrint = () => chart.resize({ width: 'auto', height: 'auto' });
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
    return () => {
      window.removeEventListener('beforeprint', beforePrint);
      window.removeEventListener('afterprint', afterPrint);
      observer.disconnect();
      instanceRef.current?.(null);
      chartRef.current = null;
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    // notMerge: a chart switched from 户数 to 占比, or to another run, keeps nothing of the last one.
    chartRef.current?.setOption(withAppFont(option), { notMerge: true });
  }, [option]);

  return (
    <div
      ref={boxRef}
      className="cd-chart"
      role="img"
      aria-label={label}
      style={{ width: '100%', height, cursor: onItemClick ? 'pointer' : undefined }}
      data-testid={rest['data-testid']}
    />
  );
}
