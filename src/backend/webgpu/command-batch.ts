// Collects dispatches in one command encoder and submits them together, so a run
// of kernels (a Jacobi sweep, Lanczos steps) costs one submit, not one per kernel.
// Resources that pending commands use (freed buffers, per-dispatch uniforms) are
// handed back only after the submit: a queue.writeBuffer into a reused buffer is
// ordered before every *later* submit, so reusing it earlier would let new data
// overwrite what a still-unsubmitted dispatch was meant to read.

export class CommandBatch {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  private afterSubmitTasks: Array<() => void> = [];

  /** @param maxPendingDispatches submit on its own once this many dispatches wait */
  constructor(private readonly device: GPUDevice, private readonly maxPendingDispatches: number) {}

  /** True when commands are recorded and not yet submitted. */
  get pending(): boolean {
    return this.encoder !== null;
  }

  /** The open compute pass (dispatches in one pass see each other's writes: each is its own usage scope). */
  computePass(): GPUComputePassEncoder {
    if (!this.pass) this.pass = this.commandEncoder().beginComputePass();
    return this.pass;
  }

  /** The encoder, with no compute pass open, for buffer copies. */
  commandEncoder(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    if (!this.encoder) this.encoder = this.device.createCommandEncoder({ label: 'kanntk batch' });
    return this.encoder;
  }

  /** Counts one recorded dispatch; submits when the batch is full. */
  dispatched(): void {
    this.dispatches++;
    if (this.dispatches >= this.maxPendingDispatches) this.submit();
  }

  /** Runs `task` once the commands recorded so far are submitted (at once if none are pending). */
  afterSubmit(task: () => void): void {
    if (this.pending) this.afterSubmitTasks.push(task);
    else task();
  }

  /** Submits everything recorded, then runs the deferred tasks. */
  submit(): void {
    if (this.encoder) {
      if (this.pass) {
        this.pass.end();
        this.pass = null;
      }
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
      this.dispatches = 0;
    }
    const tasks = this.afterSubmitTasks;
    this.afterSubmitTasks = [];
    for (const task of tasks) task();
  }
}
