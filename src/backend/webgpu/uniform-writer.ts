// Packs a kernel's Params struct (shapes, strides, sizes) into the bytes of its
// uniform buffer, following WGSL's uniform layout: 4-byte scalars in order,
// vec4s and arrays of vec4 aligned to 16 bytes.

import { KanntkError } from '../../errors.js';

/** Size of every per-dispatch uniform buffer; all Params structs fit in it. */
export const UNIFORM_BYTES = 256;

/** Rank capacity of the array<vec4<…>, 2> shape/stride fields in the shaders. */
const PACKED_RANK = 8;

export class UniformWriter {
  private readonly bytes = new ArrayBuffer(UNIFORM_BYTES);
  private readonly u32View = new Uint32Array(this.bytes);
  private readonly i32View = new Int32Array(this.bytes);
  private readonly f32View = new Float32Array(this.bytes);
  private word = 0;

  u32(value: number): this {
    this.u32View[this.next()] = value;
    return this;
  }

  i32(value: number): this {
    this.i32View[this.next()] = value;
    return this;
  }

  f32(value: number): this {
    this.f32View[this.next()] = value;
    return this;
  }

  /** A vec4<u32|i32> field. */
  vec4(values: readonly number[], signed: boolean): this {
    this.align16();
    for (let c = 0; c < 4; c++) (signed ? this.i32(values[c] ?? 0) : this.u32(values[c] ?? 0));
    return this;
  }

  /** An array<vec4<u32|i32>, 2> field holding up to 8 shape or stride entries, zero padded. */
  packed8(values: readonly number[], signed: boolean): this {
    if (values.length > PACKED_RANK) throw new KanntkError(`rank ${values.length} exceeds the shader limit ${PACKED_RANK}`);
    this.align16();
    for (let c = 0; c < PACKED_RANK; c++) (signed ? this.i32(values[c] ?? 0) : this.u32(values[c] ?? 0));
    return this;
  }

  /** The packed bytes (always UNIFORM_BYTES long). */
  finish(): ArrayBuffer {
    return this.bytes;
  }

  private align16(): void {
    this.word = Math.ceil(this.word / 4) * 4;
  }

  private next(): number {
    if (this.word >= this.u32View.length) throw new KanntkError('kernel parameters exceed the uniform buffer');
    return this.word++;
  }
}
