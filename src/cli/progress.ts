// A one-line progress bar on stderr when it is a terminal; silent otherwise
// (pipes and CI logs get no carriage-return noise).

export interface Progress {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = !!stream.isTTY;
  let last = 0;
  const draw = (done: number, note = '') => {
    const width = 30;
    const filled = Math.round((width * done) / Math.max(total, 1));
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${note}\x1b[K`);
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
