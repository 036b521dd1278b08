// Timing helpers for the benchmarks: warm-up, repeats, medians, a printed table.

/** Runs fn once to warm up, then `repeats` times; returns the times in ms. */
export async function timeIt(fn, repeats) {
  await fn();
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Prints rows of { what, ms, ratio, note? } under a title. */
export function report(title, rows) {
  console.log(`\n${title}`);
  for (const r of rows) {
    const ms = Number.isFinite(r.ms) ? `${r.ms.toFixed(2)} ms` : 'n/a';
    const ratio = Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}× baseline` : '';
    console.log(`  ${r.what.padEnd(58)} ${ms.padStart(12)}  ${ratio}${r.note ? `  (${r.note})` : ''}`);
  }
}
