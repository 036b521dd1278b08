// The report of `kanntk discover`: the formula found (plain text and LaTeX
// source), each edge's closed form with its R², the fit, and the network as
// kanntk plot draws it after the first training and at the end.

import { escapeHtml, figure, htmlPage, note, table, type Section } from './html-page.js';
import { backendText, num, timingText } from './report-common.js';
import { kanDiagramSvg } from './kan-diagram.js';
import type { DiagramLayer } from '../interpret/diagram-data.js';

export interface DiscoverResultFile {
  formula: string[];
  latex: string[];
  edges: { layer: number; out: number; in: number; fn: string; r2: number; a: number; b: number; c: number; d: number }[];
  mse: { trained: number; final: number };
  widths: { trained: number[]; pruned: number[] };
  diagrams?: { trained: DiagramLayer[]; final: DiagramLayer[] };
  backend?: unknown;
  timing?: unknown;
}

/** The report's sections (the live demo shows them in its page too). */
export function discoverSections(r: DiscoverResultFile): Section[] {
  const sections: Section[] = [{
    title: 'The formula',
    intro: 'One expression per output in x1 … xn, as mathjs simplified it; it parses in mathjs and SymPy. The LaTeX source follows.',
    parts: r.formula.map((f, o) => `<p class="formula"><b>y${o + 1}</b> = <code>${escapeHtml(f)}</code></p><pre style="white-space: pre-wrap; word-break: break-all">${escapeHtml(r.latex[o] ?? '')}</pre>`),
  }, {
    title: 'Edges',
    intro: 'Each remaining edge of the pruned KAN as c·f(a·x + b) + d (after the closed forms were tuned), with the R² of its fit to the numeric edge.',
    parts: [table(['layer', 'in → out', 'f', 'R² of the fit', 'a', 'b', 'c', 'd'], r.edges.map((e) => [String(e.layer), `${e.in} → ${e.out}`, e.fn, e.r2.toFixed(6), num(e.a), num(e.b), num(e.c), num(e.d)])),
      note(`Mean squared error on the samples: ${num(r.mse.trained)} after the first (regularised) training, ${num(r.mse.final)} for the closed-form model.`)],
  }];
  if (r.diagrams) {
    sections.push({
      title: 'The network',
      intro: 'Nodes by layer (inputs at the bottom), every edge with its activation curve over the range its input takes on the samples, opacity by importance; closed-form edges in red with their function.',
      parts: [
        figure(kanDiagramSvg(r.diagrams.trained), `After the regularised training: KAN [${r.widths.trained.join(', ')}].`),
        figure(kanDiagramSvg(r.diagrams.final), `Pruned to [${r.widths.pruned.join(', ')}], every edge closed-form.`),
      ],
    });
  }
  return sections;
}

export function discoverReport(r: DiscoverResultFile): string {
  return htmlPage({
    title: 'kanntk discover: a formula from samples',
    facts: [['widths', `[${r.widths.trained.join(', ')}] → [${r.widths.pruned.join(', ')}]`], ['backend', backendText(r.backend)], ['time', timingText(r.timing)]],
    sections: discoverSections(r),
  });
}

const escapeText = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
