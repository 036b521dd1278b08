// kanntk public API. The same import works in Node, Deno and browsers;
// only what is passed to createEngine differs.
export { createEngine, isEmulatedAdapter, type Engine, type EngineOptions, type BackendChoice } from './engine.js';
export type { Backend, BackendInfo, BackendName, MemoryStats, Precision } from './backend/backend.js';
export { KanntkError } from './errors.js';
export * from './graph/index.js';
export * as graph from './graph/index.js';
export { jacobianRows } from './graph/jacobian.js';

// KAN models
export { KanModel, BoundModel, type ParamEntry } from './kan/model.js';
export { createKan, type KanConfig } from './kan/build.js';
export type { LayerSpec, ModelSpec, JsonArray, LayerType } from './kan/layer-types.js';
export type { InitScheme } from './kan/init.js';
export { createSeededRandom, SeededRandom } from './kan/random.js';
export { uniformKnots } from './kan/grid.js';
export { contractY, contractS, contractW, type ContractBasis } from './graph/ops/basis-contract.js';

// training
export { train, type TrainOptions, type TrainResult } from './train/train-loop.js';
export { adam, type AdamOptions } from './train/optimizers/adam.js';
export { sgd, type SgdOptions } from './train/optimizers/sgd.js';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult } from './train/optimizers/lbfgs.js';
export type { Optimizer } from './train/optimizers/optimizer.js';
export { constant, exponentialDecay, linearWarmup, joinSchedules, type Schedule } from './train/schedules.js';
export { mseLoss, crossEntropyLoss, type LossName } from './train/losses.js';
export { lossAndGrad, lossGraph } from './train/loss-and-grad.js';
