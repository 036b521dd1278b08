// Turns a .wgsl file into WGSL source. The files are written as template-literal
// bodies for wgsl-preprocessor: `${NAME}` placeholders are filled from a defines
// object and `#if ${COND}` … `#endif` blocks are resolved by the `wgsl` tag.
// A string define is a WGSL snippet (shaders/common/, see shader-snippets.ts): it is
// expanded with the same defines before it is spliced in, so a snippet may use
// `${NAME}` placeholders and `#if` blocks (and splice other snippets) itself.

// the package names no entry point (no main/exports), so import its one file by path
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { KanntkError } from '../../errors.js';

export type ShaderDefines = Readonly<Record<string, string | number | boolean>>;

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** How deeply snippets may splice snippets (a deeper nesting is taken to be a cycle). */
const MAX_SNIPPET_DEPTH = 8;

/**
 * Expands the shader template `source` with `defines` (every `${NAME}` must be
 * defined; `name` labels errors) and returns WGSL ready for createShaderModule.
 */
export function renderShader(source: string, defines: ShaderDefines, name = 'shader'): string {
  return expand(source, defines, name, 0);
}

function expand(source: string, defines: ShaderDefines, name: string, depth: number): string {
  if (depth > MAX_SNIPPET_DEPTH) throw new KanntkError(`${name}: snippets nested too deeply (a cycle?)`);
  const strings: string[] = [];
  const values: unknown[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    const key = match[1];
    if (!Object.hasOwn(defines, key)) {
      throw new KanntkError(`${name}: placeholder \${${key}} has no value in the shader defines`);
    }
    strings.push(source.slice(last, match.index));
    const value = defines[key];
    values.push(typeof value === 'string' ? expand(value, defines, `${name} \${${key}}`, depth + 1) : value);
    last = match.index + match[0].length;
  }
  strings.push(source.slice(last));
  // the wgsl tag reads only the cooked strings, but a TemplateStringsArray also carries `raw`
  const templateStrings = Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray;
  let code: string;
  try {
    code = wgsl(templateStrings, ...values);
  } catch (error) {
    throw new KanntkError(`${name}: ${(error as Error).message}`);
  }
  if (code.includes('${')) throw new KanntkError(`${name}: malformed placeholder left after expansion`);
  return code;
}
