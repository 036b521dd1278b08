// Plots rendered to inline SVG in Node: Observable Plot draws into a DOM, and
// linkedom supplies one without a browser. Every figure shares one look (the
// page's colours through currentColor, so it reads on light, dark and paper).

import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

let shared: Document | null = null;

/** One DOM document for all figures of a process (creating one costs ~ms). */
function domDocument(): Document {
  if (!shared) shared = parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
  return shared;
}

export type PlotOptions = Plot.PlotOptions;

/** A figure as an HTML string: Plot's <svg> (or <figure> with a legend) on the page's colours. */
export function renderPlot(options: PlotOptions): string {
  const node = Plot.plot({
    width: 460,
    height: 280,
    style: { background: 'transparent', color: 'inherit', fontSize: '11px', overflow: 'visible' },
    ...options,
    document: domDocument(),
  }) as unknown as { outerHTML: string };
  return node.outerHTML;
}

export { Plot };
