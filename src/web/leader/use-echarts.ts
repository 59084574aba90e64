import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// only the parts of ECharts the dashboard draws with, so that its chunk stays small
use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

/** What a chart of the dashboard draws: an ECharts option, and what a click on a data item does. */
export interface ChartOptions {
  option: EChartsCoreOption;
  /** Called with the name of the data item clicked (a category, a pie slice). */
  onClick?: (name: string) => void;
}

/**
 * Draws `option` with ECharts (canvas) into the element the returned ref is given to: created on mount, redrawn
 * when the option changes, resized with its element, disposed on unmount.
 */
export function useECharts<T extends HTMLElement>({ option, onClick }: ChartOptions) {
  const ref = useRef<T>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      const name = (params as { name?: unknown }).name;
      if (typeof name === 'string') click.current?.(name);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return ref;
}
