// kanntk public API. The same import works in Node, Deno and browsers;
// only what is passed to createEngine differs.
export { createEngine, isEmulatedAdapter, type Engine, type EngineOptions, type BackendChoice } from './engine.js';
export type { Backend, BackendInfo, BackendName, MemoryStats, Precision } from './backend/backend.js';
export { BACKENDS, BACKEND_NAMES, backendEntry, type BackendEntry, type BackendStartOptions } from './backend/registry.js';
export { KERNEL_KINDS, type KernelKind, type KernelCall } from './backend/kernels.js';
export { KanntkError } from './errors.js';
export * from './graph/index.js';
export * as graph from './graph/index.js';
export { jacobianRows } from './graph/jacobian.js';

// KAN models
export { KanModel, BoundModel, type ParamEntry } from './kan/model.js';
export { createKan, type KanConfig } from './kan/build.js';
export type { HostArray } from './host-array.js';
export type { LayerSpec, ModelSpec, LayerType, FileArray } from './kan/layer-types.js';
export type { SplineLayerSpec, BaseLayerSpec } from './kan/layers/spline.js';
export type { ChebyshevLayerSpec } from './kan/layers/chebyshev.js';
export type { DenseLayerSpec } from './kan/layers/dense.js';
export { LAYER_TYPES, layerKind, type LayerKind } from './kan/layers/registry.js';
export type { InitScheme } from './kan/init.js';
export { createSeededRandom, SeededRandom } from './math/random.js';
export { uniformKnots } from './kan/grid.js';
export { contractY, contractS, contractW, type ContractBasis } from './graph/ops/basis-contract.js';

// training
export { train, type TrainOptions, type TrainResult, type Regularizer } from './train/train-loop.js';
export { trainWithGridUpdates, type GridUpdateSchedule } from './train/grid-update-schedule.js';
export { adam, type AdamOptions } from './train/optimizers/adam.js';
export { sgd, type SgdOptions } from './train/optimizers/sgd.js';
export { minimizeLbfgs, type LbfgsOptions, type LbfgsResult } from './train/optimizers/lbfgs.js';
export type { Optimizer } from './train/optimizers/optimizer.js';
export { constant, exponentialDecay, linearWarmup, joinSchedules, type Schedule } from './train/schedules.js';
export { mseLoss, crossEntropyLoss, type LossName } from './train/losses.js';
export { lossAndGrad, lossGraph } from './train/loss-and-grad.js';

// NTK and spectra
export { ntk, ntkTensor, type NtkOptions, type NtkMethod } from './ntk/ntk.js';
export { ntkSpectrum, kernelSpectrum, spectrumToJson, type NtkSpectrum, type NtkSpectrumOptions, type KernelSpectrumOptions } from './ntk/ntk-spectrum.js';
export { NtkOperator, ntkTopEigenpairs, type NtkOperatorOptions, type NtkTopOptions } from './ntk/ntk-operator.js';
export { stabilize, stabilizeHost } from './ntk/stabilize.js';
export { eigh, type EighResult, type EighOptions } from './spectral/eigh.js';
export { spectrumMetrics, type SpectrumMetrics } from './spectral/metrics.js';
export { noiseFloor } from './spectral/noise-floor.js';
export { projectTopK, predictErrorDecay, stepsToReach } from './spectral/mode-dynamics.js';
export { updateModelGrids, extendModelGrids } from './kan/model-grid.js';
export { lanczos, denseOperator, type LinearOperator } from './spectral/lanczos.js';
export { eigsh, topEigenpairs, bottomEigenpairs, type EigshOptions, type EigshResult } from './spectral/eigsh.js';
export { tridiagonalEigen } from './spectral/tridiagonal-eigen.js';
export { runStudy, formatStudyTable, type StudyReport } from './study/run-study.js';
export { calibrateStudy, type StudyCost, type ModelCost } from './study/cost-model.js';
export { DEMO_PROTOCOL, FULL_PROTOCOL, REDUCED_PROTOCOL, type StudyProtocol } from './study/protocol.js';
export { BENCHMARK_FUNCTIONS, evaluateBenchmark } from './study/benchmark-functions.js';

// physics-informed KANs
export type { PdeDefinition, ResidualContext } from './pde/pde-definition.js';
export { builtinPde, allenCahn, burgers, helmholtz, PDE_NAMES, type PdeName } from './pde/builtins/index.js';
export { pdeResidual, type ResidualOptions, type ResidualResult } from './pde/residual.js';
export { inputDerivatives } from './pde/input-derivatives.js';
export { collocationGrid, boundaryPoints } from './pde/collocation.js';
export { seededSubset } from './math/row-subset.js';
export { pinnLoss, type PinnBatch } from './pde/pinn-loss.js';
export { rbaUpdate, type RbaOptions } from './pde/rba.js';
export { trainPinn, type PinnTrainOptions } from './pde/pinn-train.js';
export { residualNtk, boundaryNtk, type PdeNtkOptions } from './pde/pde-ntk.js';
export { referenceSolution, referenceField } from './pde/reference/index.js';
export { runPdeStudy, formatPdeStudyTable, FULL_PDE_PROTOCOL, REDUCED_PDE_PROTOCOL, type PdeStudyProtocol } from './study/run-pde-study.js';

// curvature (Hessian spectra)
export * from './hessian/index.js';

// classification data and the SGD→NTK hybrid classifier (research workflow 4)
export { readCsv, type CsvOptions } from './data/csv.js';
export { readArff } from './data/arff.js';
export { encodeLabels, alignLabels } from './data/label-encoding.js';
export { readLabeledData } from './data/read-data.js';
export { loadDataset, DATASET_NAMES, type DatasetName } from './data/datasets.js';
export { splitSeeded, featureStats, standardize, oneHot, takeRows } from './data/preprocess.js';
export type { LabeledData } from './data/labeled-data.js';
export { expm } from './math/expm.js';
export { symmetricExpm } from './spectral/kernel-exponential.js';
export { linearizedStep, type LinearizedStepOptions } from './classify/linearized-step.js';
export { sgdEpoch, classifierMetrics } from './classify/sgd-epoch.js';
export { parseSwitchRule, shouldSwitch, windowMonitor, frobeniusDistance, type SwitchRule } from './classify/switch-rules.js';
export { vjp, jvp } from './ntk/jacobian-products.js';
export { trainHybrid, DEFAULT_MAX_SGD_EPOCHS, type HybridOptions, type HybridResult, type HybridEpoch, type ClassifierSet, type EpochMetrics, type PhaseHistory, type SgdHistory } from './classify/hybrid.js';
export { hybridResultFile, formatSwitchRule, type HybridResultFile } from './classify/hybrid-file.js';

// interpretable KANs (research workflow 2: pykan's sparsity, prune, symbolic, formula)
export { edgeActivations, layerEdgeActivations, type LayerActivations } from './interpret/edge-activations.js';
export { sparsityPenalty, edgeScoreTensors, type SparsityOptions } from './interpret/sparsity.js';
export { importanceScores, type LayerScores } from './interpret/importance.js';
export { prune, type PruneOptions, type PruneResult } from './interpret/prune.js';
export { fitAffine, linearFit, type AffineFit, type FitOptions } from './interpret/symbolic-fit.js';
export { fixSymbolic, autoSymbolic, choiceScore, type EdgeRef, type SymbolicChoice, type AutoSymbolicOptions } from './interpret/symbolic-edges.js';
export { symbolicFormula, rawFormulas, evaluateFormulas, type Formula, type FormulaOptions } from './interpret/formula.js';
export { discover, type DiscoverOptions, type DiscoverResult } from './interpret/discover.js';
export { SYMBOLIC_FUNCTIONS, SYMBOLIC_NAMES, symbolicFunction, type SymbolicFunction } from './kan/symbolic-functions.js';
export type { SymbolicEdge, EdgeDecorations } from './kan/layers/edge-decorations.js';
export { MODEL_FORMAT_V2 } from './kan/layer-types.js';
export { interpolateStates, checkSameStructure } from './kan/interpolate-states.js';
