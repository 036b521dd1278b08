// The report page: one self-contained HTML file (inline CSS and SVG, no
// scripts, no requests), readable on a light or dark screen and in print.

export interface Section {
  title: string;
  /** a sentence or two on what the figures show and how to read them */
  intro?: string;
  /** HTML fragments: figures (from renderPlot), tables, notes */
  parts: string[];
}

export interface PageOptions {
  title: string;
  /** key facts shown under the title (protocol, backend, when) */
  facts: [string, string][];
  sections: Section[];
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A figure with a caption. */
export function figure(svg: string, caption: string): string {
  return `<figure class="chart">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** A table from a header row and body rows (cells are text; a cell may carry a title/tooltip). */
export function table(head: string[], rows: (string | { text: string; note: string })[][], caption?: string): string {
  // numbers are right-aligned, words left-aligned
  const align = (text: string) => (/^[-+≥.\d]/.test(text) || text === 'n/a' ? ' class="num"' : '');
  const cell = (c: string | { text: string; note: string }) =>
    typeof c === 'string' ? `<td${align(c)}>${escapeHtml(c)}</td>` : `<td${align(c.text)} title="${escapeHtml(c.note)}">${escapeHtml(c.text)}</td>`;
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

/** A paragraph of plain text. */
export function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

/** The look of the reports (and of the demo page, which shows the same sections live). */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d232b; --muted: #5b6573; --rule: #d8dde3; --panel: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --bg: #14181d; --fg: #e3e7ec; --muted: #9aa4b0; --rule: #323a44; --panel: #1b2027; } }
@media print { :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --rule: #bbbbbb; --panel: #ffffff; } section { break-inside: avoid-page; } }
html { background: var(--bg); color: var(--fg); }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1480px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 30px 0 6px; padding-top: 12px; border-top: 1px solid var(--rule); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; color: var(--muted); }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
p.intro, p.note { color: var(--muted); max-width: 980px; margin: 4px 0 10px; }
div.figures { display: flex; flex-wrap: wrap; gap: 18px 26px; align-items: flex-start; }
figure.chart { margin: 0; padding: 10px 12px 8px; background: var(--panel); border-radius: 6px; display: inline-block; }
/* the caption wraps at the chart's width instead of widening the panel */
figure.chart figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; width: 0; min-width: 100%; }
figure.chart svg { --plot-background: var(--panel); }
/* Plot's own figure (chart + legend) as wide as the chart: the legend wraps, the chart keeps its size */
figure.chart figure { margin: 0; width: min-content; }
figure.chart svg { max-width: none; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 6px 0 10px; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
td.num { text-align: right; }
td[title] { text-decoration: underline dotted; cursor: help; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
`;

/** Sections as HTML: heading, intro, tables and notes, then the figures side by side. */
export function sectionsHtml(sections: Section[]): string {
  return sections
    .map((s) => {
      const figures = s.parts.filter((p) => p.startsWith('<figure'));
      const others = s.parts.filter((p) => !p.startsWith('<figure'));
      return `<section><h2>${escapeHtml(s.title)}</h2>${s.intro ? `<p class="intro">${escapeHtml(s.intro)}</p>` : ''}` +
        `${others.join('')}${figures.length ? `<div class="figures">${figures.join('')}</div>` : ''}</section>`;
    })
    .join('\n');
}

/** The facts under a title as a definition list. */
export function factsHtml(facts: [string, string][]): string {
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/** The whole page. */
export function htmlPage(options: PageOptions): string {
  const sections = sectionsHtml(options.sections);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kanntk">
<title>${escapeHtml(options.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(options.title)}</h1>${factsHtml(options.facts)}</header>
${sections}
<footer>Written by kanntk. This file is self-contained: it loads nothing from the network and opens offline.</footer>
</body>
</html>
`;
}
