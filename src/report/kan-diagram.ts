// The KAN drawn as pykan draws it, as one SVG: nodes by layer (inputs at the
// bottom), every edge a line from its input node to its output node with its
// activation curve in a small box on it, opacity by importance; pruned edges
// are gone and closed-form edges carry their function's name.

import type { DiagramLayer } from '../interpret/diagram-data.js';
import { escapeHtml } from './html-page.js';

export interface DiagramOptions {
  /** names of the inputs and outputs (default x1…, y1…) */
  inputs?: string[];
  outputs?: string[];
  title?: string;
}

const BOX = 34, GAP_Y = 150, MARGIN = 40, NODE = 5;

/** Node x positions of a row of n nodes centred in width w. */
const rowX = (n: number, w: number) => Array.from({ length: n }, (_, k) => w / 2 + (k - (n - 1) / 2) * Math.max(BOX * 1.6, Math.min(110, (w - 2 * MARGIN) / Math.max(n, 1))));

/** An activation curve as a path in a BOX×BOX square centred at (cx, cy). */
function curvePath(x: number[], y: number[], cx: number, cy: number): string {
  const [x0, x1] = [x[0], x[x.length - 1]];
  let y0 = Math.min(...y), y1 = Math.max(...y);
  if (y1 - y0 < 1e-12) [y0, y1] = [y0 - 1, y1 + 1];
  const s = BOX - 6;
  const px = (v: number) => cx - s / 2 + (x1 > x0 ? ((v - x0) / (x1 - x0)) * s : s / 2);
  const py = (v: number) => cy + s / 2 - ((v - y0) / (y1 - y0)) * s;
  return x.map((v, k) => `${k ? 'L' : 'M'}${px(v).toFixed(1)},${py(y[k]).toFixed(1)}`).join('');
}

export function kanDiagramSvg(layers: DiagramLayer[], options: DiagramOptions = {}): string {
  const widths = [layers[0].nIn, ...layers.map((l) => l.nOut)];
  const widest = Math.max(...widths);
  const w = Math.max(360, 2 * MARGIN + widest * 120);
  const h = 2 * MARGIN + 30 + (widths.length - 1) * GAP_Y;
  const rowY = (r: number) => h - MARGIN - 10 - r * GAP_Y;
  const xs = widths.map((n) => rowX(n, w));
  const parts: string[] = [];
  layers.forEach((layer, l) => {
    for (const e of layer.edges) {
      const [ax, ay] = [xs[l][e.in], rowY(l)], [bx, by] = [xs[l + 1][e.out], rowY(l + 1)];
      const op = (0.15 + 0.85 * Math.min(1, e.importance)).toFixed(2);
      const [cx, cy] = [(ax + bx) / 2, (ay + by) / 2];
      const colour = e.symbolic ? 'var(--sym)' : 'var(--ink)';
      parts.push(`<g opacity="${op}"><title>layer ${l}: ${escapeHtml(String(e.in))} → ${escapeHtml(String(e.out))}${e.symbolic ? ` = ${escapeHtml(e.symbolic)}` : ''}, importance ${e.importance.toFixed(3)}</title>`
        + `<line x1="${ax.toFixed(1)}" y1="${ay.toFixed(1)}" x2="${bx.toFixed(1)}" y2="${by.toFixed(1)}" stroke="${colour}" stroke-width="1.2"/>`
        + `<rect x="${(cx - BOX / 2).toFixed(1)}" y="${(cy - BOX / 2).toFixed(1)}" width="${BOX}" height="${BOX}" fill="var(--paper)" stroke="${colour}" stroke-width="0.8"/>`
        + `<path d="${curvePath(e.x, e.y, cx, cy)}" fill="none" stroke="${colour}" stroke-width="1.4"/>`
        + (e.symbolic ? `<text x="${(cx + BOX / 2 + 3).toFixed(1)}" y="${(cy + 4).toFixed(1)}" font-size="11" fill="var(--sym)">${escapeHtml(e.symbolic)}</text>` : '')
        + '</g>');
    }
  });
  widths.forEach((n, r) => xs[r].forEach((x, k) => {
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${rowY(r).toFixed(1)}" r="${NODE}" fill="var(--ink)"/>`);
    const label = r === 0 ? options.inputs?.[k] ?? `x${k + 1}` : r === widths.length - 1 ? options.outputs?.[k] ?? `y${k + 1}` : null;
    if (label) parts.push(`<text x="${x.toFixed(1)}" y="${(rowY(r) + (r === 0 ? 20 : -12)).toFixed(1)}" font-size="12" text-anchor="middle" fill="var(--ink)">${escapeHtml(label)}</text>`);
  }));
  const title = options.title ? `<title>${escapeHtml(options.title)}</title>` : '';
  // colours as CSS variables with light defaults and a dark variant, so the file reads in either scheme
  const style = '<style>svg{--ink:#1f2430;--paper:#ffffff;--sym:#c0392b;font-family:system-ui,sans-serif}@media (prefers-color-scheme: dark){svg{--ink:#e6e6e6;--paper:#16181d;--sym:#ff7b6b}}</style>';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">${title}${style}<rect width="100%" height="100%" fill="var(--paper)"/>${parts.join('')}</svg>\n`;
}
