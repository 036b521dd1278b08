// A one-line progress bar on stderr when it is a terminal; silent otherwise
// (pipes and CI logs get no carriage-return noise).

export interface Progress {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

/** "~40 s", "~12 min", "~1.5 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `~${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `~${Math.round(seconds / 60)} min`;
  return `~${(seconds / 3600).toFixed(1)} h`;
}

/** "~40 s left", "~3 min left", "~1.2 h left" from the pace so far; '' before the first unit is done. */
export function formatEta(elapsedMs: number, done: number, total: number): string {
  if (done <= 0 || done >= total) return '';
  return `${formatDuration(((elapsedMs / done) * (total - done)) / 1000)} left`;
}

/**
 * `weights`: the expected cost of each unit (a study's runs differ 20-fold), so that the bar and
 * the time left follow the work done rather than the count of units.
 */
export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, weights?: readonly number[]): Progress {
  const tty = !!stream.isTTY;
  const t0 = performance.now();
  let last = 0;
  const cumulative = weights ? weights.reduce<number[]>((acc, w) => [...acc, (acc[acc.length - 1] ?? 0) + w], []) : null;
  const workDone = (done: number) => (cumulative ? (done > 0 ? cumulative[Math.min(done, cumulative.length) - 1] : 0) : done);
  const workTotal = cumulative ? cumulative[cumulative.length - 1] ?? 0 : total;
  const draw = (done: number, note = '') => {
    const width = 30;
    const filled = Math.round((width * workDone(done)) / Math.max(workTotal, 1e-300));
    const eta = formatEta(performance.now() - t0, workDone(done), workTotal);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${eta ? ` ${eta}` : ''} ${note}\x1b[K`);
  };
  return {
    update(done, note) {
      const now = performance.now();
      if (!tty || (now - last < 100 && done < total)) return;
      last = now;
      draw(done, note);
    },
    finish(note) {
      if (!tty) return;
      draw(total, note);
      stream.write('\n');
    },
  };
}

export interface Phases {
  /** names the step now running (shown with the time so far) */
  phase(name: string): void;
  /** clears the line */
  done(): void;
}

/**
 * A one-line status for commands whose work has steps but no count (ntk, hessian) on a terminal:
 * the step running and the seconds so far, refreshed every half second; silent otherwise.
 */
export function phaseLine(label: string, stream: NodeJS.WriteStream = process.stderr): Phases {
  if (!stream.isTTY) return { phase() {}, done() {} };
  const t0 = performance.now();
  let current = '';
  const draw = () => stream.write(`\r${label}: ${current} ${((performance.now() - t0) / 1000).toFixed(1)} s\x1b[K`);
  const timer = setInterval(draw, 500);
  timer.unref?.();
  return {
    phase(name) {
      current = name;
      draw();
    },
    done() {
      clearInterval(timer);
      stream.write('\r\x1b[K');
    },
  };
}
