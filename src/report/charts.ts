// The chart types the reports use, on top of Observable Plot: eigenvalue
// spectra (log y), curves over training (optionally log y, with marked steps),
// spectral densities and heatmaps of a field over a 2-D domain.

import { Plot, renderPlot } from './plot-svg.js';

export interface Series {
  label: string;
  /** [x, y] pairs; points with a non-finite y (or y ≤ 0 on a log axis) are left out */
  points: [number, number | null][];
}

export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  yLog?: boolean;
  xLog?: boolean;
  /** vertical rules at these x, e.g. checkpoints or a switch */
  rulesX?: { x: number; label: string }[];
  /** dots instead of lines (for short, unordered data) */
  dots?: boolean;
  width?: number;
  height?: number;
  /** title of the colour legend */
  legend?: string;
  /** a rule at y = 0, which also keeps 0 in the y range (default true on a linear axis) */
  zeroLine?: boolean;
}

type Row = { x: number; y: number; series: string };

function rowsOf(series: Series[], yLog: boolean, xLog: boolean): Row[] {
  const rows: Row[] = [];
  for (const s of series) {
    for (const [x, y] of s.points) {
      if (y === null || !Number.isFinite(y) || !Number.isFinite(x)) continue;
      if ((yLog && y <= 0) || (xLog && x <= 0)) continue;
      rows.push({ x, y, series: s.label });
    }
  }
  return rows;
}

/** Curves (or dots) of several series on shared axes, a legend when there is more than one. */
export function lineChart(series: Series[], options: LineChartOptions): string {
  const yLog = options.yLog ?? false, xLog = options.xLog ?? false;
  const rows = rowsOf(series, yLog, xLog);
  const many = series.length > 1;
  const marks: Plot.Markish[] = [];
  if (!yLog && (options.zeroLine ?? true)) marks.push(Plot.ruleY([0], { strokeOpacity: 0.25 }));
  for (const r of options.rulesX ?? []) {
    marks.push(Plot.ruleX([r.x], { stroke: 'currentColor', strokeOpacity: 0.35, strokeDasharray: '4,3' }));
    marks.push(Plot.text([r.x], { x: (d: number) => d, frameAnchor: 'top', dy: -2, text: () => r.label, fontSize: 10, fillOpacity: 0.7 }));
  }
  const channels = { x: 'x', y: 'y', ...(many ? { stroke: 'series' } : {}) };
  if (options.dots) marks.push(Plot.dot(rows, { ...channels, ...(many ? { fill: 'series' } : {}), r: 2.2 }));
  else {
    marks.push(Plot.line(rows, { ...channels, z: 'series', strokeWidth: 1.4 }));
    // few points per curve (checkpoints): mark them, a line alone hides where the data is
    if (series.every((s) => s.points.length <= 20)) marks.push(Plot.dot(rows, { ...channels, ...(many ? { fill: 'series' } : {}), r: 2.2 }));
  }
  if (rows.length === 0) marks.push(Plot.text(['no data to plot'], { frameAnchor: 'middle' }));
  return renderPlot({
    width: options.width,
    height: options.height,
    marginLeft: 56,
    x: { label: options.xLabel, type: xLog ? 'log' : 'linear', grid: true },
    y: { label: options.yLabel, type: yLog ? 'log' : 'linear', grid: true, ...(yLog ? { tickFormat: '~e', ticks: 6 } : {}) },
    color: many ? { legend: true, label: options.legend, type: 'categorical' } : undefined,
    marks,
  });
}

/** Eigenvalues in descending order against their index, log y, one curve per spectrum. */
export function spectrumChart(spectra: { label: string; eigenvalues: (number | null)[] }[], options: { yLabel?: string; legend?: string; width?: number } = {}): string {
  return lineChart(
    spectra.map((s) => ({ label: s.label, points: s.eigenvalues.map((l, i) => [i + 1, l] as [number, number | null]) })),
    { xLabel: 'index i (descending order) →', yLabel: options.yLabel ?? '↑ eigenvalue λ_i', yLog: true, legend: options.legend, width: options.width },
  );
}

/** At most `max` evenly spaced points of a long series (first and last kept). */
export function thin(values: ArrayLike<number>, max = 400): [number, number][] {
  const n = values.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => [i, values[i]]);
  const out: [number, number][] = [];
  for (let k = 0; k < max; k++) {
    const i = Math.round((k * (n - 1)) / (max - 1));
    out.push([i, values[i]]);
  }
  return out;
}

export interface HeatmapOptions {
  /** the domain of the first and second input */
  x: [number, number];
  y: [number, number];
  xLabel: string;
  yLabel: string;
  /** colour legend title */
  label: string;
  /** 'diverging' centres the colours on 0 (errors with sign), 'sequential' otherwise */
  scheme?: 'sequential' | 'diverging';
  width?: number;
}

/**
 * A field sampled on a side×side grid (first input varying slowest, as collocationGrid lays
 * points out) as filled cells.
 */
export function heatmapChart(values: ArrayLike<number>, side: number, options: HeatmapOptions): string {
  const cells: { x: number; y: number; v: number }[] = [];
  const step = (r: [number, number]) => (r[1] - r[0]) / Math.max(side - 1, 1);
  const dx = step(options.x), dy = step(options.y);
  for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) cells.push({ x: options.x[0] + i * dx, y: options.y[0] + j * dy, v: values[i * side + j] });
  const diverging = options.scheme === 'diverging';
  let maxAbs = 0;
  for (const c of cells) maxAbs = Math.max(maxAbs, Math.abs(c.v));
  return renderPlot({
    width: options.width ?? 300,
    height: (options.width ?? 300) * 0.82 + 40,
    marginLeft: 44,
    x: { label: options.xLabel, domain: [options.x[0] - dx / 2, options.x[1] + dx / 2] },
    y: { label: options.yLabel, domain: [options.y[0] - dy / 2, options.y[1] + dy / 2] },
    // quantized colours: their legend is drawn with rects (a continuous ramp needs a canvas, which Node lacks)
    color: diverging
      ? { type: 'quantize', n: 7, scheme: 'BuRd', domain: [-maxAbs || -1, maxAbs || 1], legend: true, label: options.label, tickFormat: '.2~g' }
      : { type: 'quantize', n: 7, scheme: 'viridis', legend: true, label: options.label, tickFormat: '.2~g' },
    marks: [
      Plot.rect(cells, {
        x1: (c: { x: number }) => c.x - dx / 2, x2: (c: { x: number }) => c.x + dx / 2,
        y1: (c: { y: number }) => c.y - dy / 2, y2: (c: { y: number }) => c.y + dy / 2,
        fill: 'v', inset: 0, shapeRendering: 'crispEdges',
      }),
    ],
  });
}
