// Reference solutions of the built-in PDEs (Helmholtz, Burgers, Allen–Cahn) for PINN error measurement.

export {
  referenceSolution,
  referenceField,
  REFERENCE_PDES,
  REFERENCE_SOLVER_VERSION,
  type ReferencePde,
  type ReferenceField,
  type ReferenceOptionsByPde,
  type ReferenceGridByPde,
} from './reference-field.js';
export { helmholtzExact, type HelmholtzOptions } from './helmholtz-exact.js';
export { burgersColeHopf, type BurgersOptions } from './burgers-cole-hopf.js';
export { solveAllenCahn, type AllenCahnOptions, type AllenCahnSolution } from './allen-cahn-chebyshev.js';
export { fieldCacheDirectory, type FieldCacheOptions, type FieldSource } from './field-cache.js';
