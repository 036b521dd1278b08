// Entry of the WebAssembly core (build/core.wasm): f64 kernels over raw
// byte offsets into the exported memory. The host (src/backend/wasm) owns all
// memory above heapBase(); the kernels never allocate.

export { metaPtr, heapBase } from './scratch';
export { unary } from './unary';
export { binary } from './binary';
export { reduce } from './reduce';
export { matmul, matmulWorkspaceBytes } from './matmul';
export { copy } from './copy';
export { gather } from './gather';
export { scatterAdd } from './scatter';
export { bspline, bsplineWorkspaceBytes } from './bspline';
export { fill } from './fill';
export { basisContract, basisContractWorkspaceBytes } from './basis-contract';
export { jacobiSweeps, jacobiWorkspaceBytes } from './jacobi';
export {
  tridiagonalize, tridiagonalizeWorkspaceBytes, householderApply, householderApplyWorkspaceBytes,
} from './tridiagonal';
