// Wraps a backend to record the peak of live buffer bytes (allocations minus frees),
// so benchmarks can report memory without touching the backends.

export function trackPeak(backend) {
  const bytesPer = backend.info.precision === 'f64' ? 8 : 4;
  const sizes = new Map();
  let live = 0, peak = 0;
  const note = (buf) => {
    sizes.set(buf, buf.length * bytesPer);
    live += buf.length * bytesPer;
    peak = Math.max(peak, live);
    return buf;
  };
  const wrapped = Object.create(backend);
  wrapped.alloc = (n) => note(backend.alloc(n));
  wrapped.upload = (d) => note(backend.upload(d));
  wrapped.free = (buf) => {
    live -= sizes.get(buf) ?? 0;
    sizes.delete(buf);
    backend.free(buf);
  };
  wrapped.run = (call) => backend.run(call);
  wrapped.read = (buf) => backend.read(buf);
  return { backend: wrapped, resetPeak: () => (peak = live), peak: () => peak };
}

export const mib = (bytes) => bytes / 2 ** 20;
