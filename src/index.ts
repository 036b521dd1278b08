// kanntk public API. The same import works in Node, Deno and browsers;
// only what is passed to createEngine differs.
export { createEngine, isEmulatedAdapter, type Engine, type EngineOptions, type BackendChoice } from './engine.js';
export type { Backend, BackendInfo, BackendName, MemoryStats, Precision } from './backend/backend.js';
export { KanntkError } from './errors.js';
export * from './graph/index.js';
export * as graph from './graph/index.js';
export { jacobianRows } from './graph/jacobian.js';
