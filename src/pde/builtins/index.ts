// The built-in PDEs by name.

import { KanntkError } from '../../errors.js';
import type { PdeDefinition } from '../pde-definition.js';
import { allenCahn } from './allen-cahn.js';
import { burgers } from './burgers.js';
import { helmholtz } from './helmholtz.js';

export const PDE_NAMES = ['allen-cahn', 'burgers', 'helmholtz'] as const;
export type PdeName = (typeof PDE_NAMES)[number];

/** A built-in PDE with optional parameter overrides (D, c for Allen–Cahn; nu for Burgers; a1, a2, k for Helmholtz). */
export function builtinPde(name: string, options: Record<string, number> = {}): PdeDefinition {
  switch (name) {
    case 'allen-cahn':
      return allenCahn(options);
    case 'burgers':
      return burgers(options);
    case 'helmholtz':
      return helmholtz(options);
    default:
      throw new KanntkError(`unknown PDE '${name}' (built-in: ${PDE_NAMES.join(', ')})`);
  }
}

export { allenCahn, burgers, helmholtz };
