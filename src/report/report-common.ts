// What several reports share: reading the result's backend and timing fields,
// formatting numbers, and marking condition numbers that sit on the floor.

/** "name (device, precision)" from a result's backend field (an object from the CLI, or a device string). */
export function backendText(backend: unknown): string {
  if (typeof backend === 'string') return backend;
  if (backend && typeof backend === 'object') {
    const b = backend as Record<string, unknown>;
    const parts = [b.device, b.precision].filter((v) => typeof v === 'string');
    return `${String(b.name ?? 'unknown')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  }
  return 'unknown';
}

/** "compute 12.3 s of 12.9 s" from a result's timing field, or '' when absent. */
export function timingText(timing: unknown): string {
  if (!timing || typeof timing !== 'object') return '';
  const t = timing as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'number' ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)} s` : '?');
  return `compute ${s(t.compute_s)} of ${s(t.total_s)} in all`;
}

/** A number in the tables: 3 significant digits, exponent form for the very large or small. */
export function num(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v === null ? 'n/a' : '-';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e4 || a < 1e-2) ? v.toExponential(2) : v.toPrecision(3);
}

export const FLOOR_NOTE =
  'λ_min fell under 1e-9·λ_max, so cond is reported as the floor value λ_max/(1e-9·λ_max) = 1e9, the research convention: the true condition number is at least this.';

/** A condition-number cell; floored values get a marker and the explanation as a tooltip. */
export function condCell(cond: unknown, floored: unknown): string | { text: string; note: string } {
  return floored === true ? { text: `≥ ${num(cond)} ⌊floor⌋`, note: FLOOR_NOTE } : num(cond);
}

export const IS_RESULT = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
