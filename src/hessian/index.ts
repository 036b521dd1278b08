// Curvature of a loss w.r.t. the parameters: Hessian-vector products, extreme
// eigenpairs, trace, spectral density, and the loss along a line (PyHessian's set);
// and the saddle-free Newton optimizer built on them.
export { HessianOperator, hessianOperator, bindLossData, type HessianOperatorOptions, type HostArray, type BoundLossData } from './hvp.js';
export { powerIteration, type PowerIterationOptions, type PowerIterationResult } from './power-iteration.js';
export { hessianEigenpairs, minEigenpair, defaultEigenTolerance, type HessianEigenOptions, type HessianEigenResult, type EigenEnd } from './top-eigen.js';
export { hutchinsonTrace, rademacher, type TraceOptions, type TraceEstimate } from './trace.js';
export { hutchPlusPlusTrace, exactTrace, traceWithBudget, type TraceBudgetEstimate } from './hutch-plus-plus.js';
export { spectralDensity, lanczosQuadrature, broadenDensity, trapezoid, type DensityOptions, type SpectralDensity } from './density.js';
export { lossAlongLine, alphaRange, checkSameNetwork, type LossData, type LossAlongLine, type LossAlongLineOptions } from './landscape.js';
export { trainSfn, sfnStep, sfnDirection, augmentedOperator, type SfnOptions, type SfnStepResult, type SfnTrainOptions } from './saddle-free-newton.js';
