// The WGSL snippets shared by several kernels (shaders/common/), as shader defines:
// a kernel splices one in with its `${NAME}` placeholder and renderShader expands it
// with the variant's own defines. Each snippet's opening comment says what it provides
// and what the kernel must declare for it. Imported as text (not read at run time) so
// that the bundles carry them like the kernels.

import mainPerInvocation from '../../../shaders/common/main-per-invocation.wgsl';
import mainPerWorkgroup from '../../../shaders/common/main-per-workgroup.wgsl';
import accurateMath from '../../../shaders/common/accurate-math.wgsl';
import bsplineBasis from '../../../shaders/common/bspline-basis.wgsl';
import stridedOffsets from '../../../shaders/common/strided-offsets.wgsl';

export const SHADER_SNIPPETS = {
  /** Entry point `main`, one work item per invocation, 2-D grid flattened and bounds-checked. */
  MAIN_PER_INVOCATION: mainPerInvocation,
  /** Entry point `main`, one work item per workgroup, 2-D grid flattened and bounds-checked. */
  MAIN_PER_WORKGROUP: mainPerWorkgroup,
  /** sinCos and tanhAccurate, accurate to a few f32 ulp. */
  ACCURATE_MATH: accurateMath,
  /** bsplineStep: one step of the Cox–de Boor / derivative recurrence. */
  BSPLINE_BASIS: bsplineBasis,
  /** stridedOffsets: a row-major flat index as offsets into two strided arrays. */
  STRIDED_OFFSETS: stridedOffsets,
} as const satisfies Record<string, string>;
