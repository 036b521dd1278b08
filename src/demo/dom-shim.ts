// In the browser the charts draw into the page's own document: the demo bundle
// maps the `linkedom` import (Node's stand-in DOM) to this.

export function parseHTML(): { document: Document } {
  return { document: globalThis.document };
}
