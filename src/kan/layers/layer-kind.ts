// The descriptor of one layer type: everything the rest of kanntk needs to know
// about it, in one place. layers/registry.ts lists the descriptors; a new layer
// type is one file here (its spec, descriptor and kernels' use) plus one line there.

import type { Backend } from '../../backend/backend.js';
import type { Tensor } from '../../graph/tensor.js';
import type { SeededRandom } from '../../math/random.js';
import type { KanConfig } from '../kan-config.js';
import type { InitLayer } from '../init.js';
import type { LayerSpec } from '../layer-types.js';
import type { BoundLayer } from './bound-layer.js';
import type { RawLayer } from './read-layer.js';

export interface BindOptions {
  /** false: spline layers run from unfused graph ops (benchmarks and checks). */
  fused?: boolean;
}

/** Where a new layer sits in the model being built. */
export interface LayerPlace {
  n_in: number;
  n_out: number;
  /** the output layer (dense layers drop their activation there) */
  last: boolean;
}

export interface LayerKind<S extends LayerSpec = LayerSpec> {
  readonly type: S['type'];
  /** Keys in the order a saved file writes them (canonical text). */
  readonly keyOrder: readonly string[];
  /** Reads and checks one layer of a model file. */
  parse(layer: RawLayer): S;
  /** A new layer for createKan: its coefficients drawn from config.init with `rng`. */
  create(place: LayerPlace, config: KanConfig, rng: SeededRandom): S;
  /** The trainable arrays in flat-vector order (fixtures README §2.5). */
  parameterNames(spec: S): string[];
  /** What the KAN initialisation schemes need; absent for layers they do not cover. */
  initLayer?(spec: S): InitLayer;
  /** The layer with its parameters as tensors on a backend. */
  bind(backend: Backend, spec: S, options: BindOptions): BoundLayer<S>;
  /**
   * The layer's share [n, n] of the empirical NTK from its input h [n, n_in] and
   * the sensitivities δ = ∂f/∂(layer output) [n, n_out], without forming a Jacobian.
   * `chunk`: inputs per Gram block (a memory bound).
   */
  ntkGram(layer: BoundLayer<S>, h: Tensor, delta: Tensor, chunk: number): Tensor;
  /**
   * Optional: Σ_c of ntkGram over the outputs' sensitivities δ_c, where the layer can share work
   * between outputs (a dense layer forms h·hᵀ once); without it the per-output Grams are added.
   */
  ntkGramSum?(layer: BoundLayer<S>, h: Tensor, deltas: Tensor[], chunk: number): Tensor;
}
