// Interpolating whole model states, as the research draws its loss landscapes:
// every numeric array of the model file — parameters and grids (knots) alike —
// is (1 − α)·a₀ + α·a₁, between an initial and a trained model whose grids were
// updated during training. Everything else (types, sizes, edge masks, closed-
// form choices) must agree. A convex combination of two ascending knot rows is
// ascending, so α in [0, 1] always gives a valid model; outside it knots may
// cross, which is refused naming α.

import { KanntkError } from '../errors.js';
import { KanModel } from './model.js';
import type { FileArray, LayerSpec } from './layer-types.js';
import { formatFor } from './model-file.js';

type Fields = Record<string, unknown>;

const isArrayField = (v: unknown): v is FileArray => !!v && typeof v === 'object' && Array.isArray((v as FileArray).shape) && Array.isArray((v as FileArray).data);

/** Fields that hold arrays but are not states to interpolate (0/1 masks). */
const FIXED_ARRAYS = new Set(['edge_mask']);

/** Throws unless the two models differ only in the values of their numeric arrays. */
export function checkSameStructure(from: KanModel, to: KanModel): void {
  if (from.layers.length !== to.layers.length) throw new KanntkError(`interpolate: the models have ${from.layers.length} and ${to.layers.length} layers`);
  from.layers.forEach((la, l) => {
    const a = la as unknown as Fields, b = to.layers[l] as unknown as Fields;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const va = a[key], vb = b[key];
      if (isArrayField(va) && !FIXED_ARRAYS.has(key)) {
        if (!isArrayField(vb) || va.shape.join() !== vb.shape.join()) throw new KanntkError(`interpolate: layer ${l} '${key}' is [${va.shape}] in the first model and ${isArrayField(vb) ? `[${vb.shape}]` : 'absent'} in the second`);
      } else if (JSON.stringify(va ?? null) !== JSON.stringify(vb ?? null)) {
        throw new KanntkError(`interpolate: layer ${l} differs in '${key}' between the models (only array values may differ)`);
      }
    }
  });
}

/** The model at (1 − α)·from + α·to, grids included. */
export function interpolateStates(from: KanModel, to: KanModel, alpha: number): KanModel {
  if (!Number.isFinite(alpha)) throw new KanntkError(`interpolate: α is ${alpha}`);
  checkSameStructure(from, to);
  const layers = from.layers.map((la, l) => {
    const a = la as unknown as Fields, b = to.layers[l] as unknown as Fields;
    const out: Fields = { ...a };
    for (const [key, va] of Object.entries(a)) {
      if (!isArrayField(va) || FIXED_ARRAYS.has(key)) continue;
      const vb = b[key] as FileArray;
      out[key] = { shape: [...va.shape], data: va.data.map((x, i) => (1 - alpha) * x + alpha * vb.data[i]) };
    }
    return out as unknown as LayerSpec;
  });
  try {
    return KanModel.fromJSON({ format: formatFor(layers), layers });
  } catch (err) {
    throw new KanntkError(`interpolate: the model at α = ${alpha} is not valid (${(err as Error).message}); knots can cross when α is outside [0, 1]`);
  }
}
