// Apache ECharts, tree-shaken: only the canvas renderer, bar and line
// charts and the components used here are bundled. The canvas renderer
// needs no inline <style> or eval, so the strict CSP holds; the aria
// component gives each chart a generated text description for screen
// readers. Loaded on demand (Chart.svelte imports it when a chart is first
// drawn), so the window's first script does not parse it.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export const init = echarts.init;
