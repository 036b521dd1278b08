// A one-line progress bar on stderr when it is a terminal; silent otherwise
// (pipes and CI logs get no carriage-return noise).

export interface Progress {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

/** "~40 s left", "~3 min left", "~1.2 h left" from the pace so far; '' before the first unit is done. */
export function formatEta(elapsedMs: number, done: number, total: number): string {
  if (done <= 0 || done >= total) return '';
  const left = ((elapsedMs / done) * (total - done)) / 1000;
  if (left < 90) return `~${Math.max(1, Math.round(left))} s left`;
  if (left < 5400) return `~${Math.round(left / 60)} min left`;
  return `~${(left / 3600).toFixed(1)} h left`;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = !!stream.isTTY;
  const t0 = performance.now();
  let last = 0;
  const draw = (done: number, note = '') => {
    const width = 30;
    const filled = Math.round((width * done) / Math.max(total, 1));
    const eta = formatEta(performance.now() - t0, done, total);
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
