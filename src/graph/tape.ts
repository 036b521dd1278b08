// Two pieces of global state of the graph, kept in one place:
// - whether ops record GradNodes (off inside noGrad, e.g. a first-order grad);
// - the stack of tidy scopes that own the tensors created inside them.

import type { Tensor } from './tensor.js';

let recordingDepth = 0; // > 0 means "do not record"
const scopes: Set<Tensor>[] = [];

/** True when new ops should record how to differentiate themselves. */
export function isRecording(): boolean {
  return recordingDepth === 0;
}

/** Runs fn without recording GradNodes (results are leaves). */
export function noGrad<T>(fn: () => T): T {
  recordingDepth++;
  try {
    return fn();
  } finally {
    recordingDepth--;
  }
}

/** Called by the Tensor constructor: the innermost tidy scope owns the tensor. */
export function trackTensor(t: Tensor): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
}

/** Collects every Tensor found in a (nested) array/object result. */
function collectTensors(value: unknown, into: Set<Tensor>): void {
  if (value === null || typeof value !== 'object') return;
  if ('storage' in value && 'shape' in value && 'dispose' in value) {
    into.add(value as Tensor);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectTensors(v, into);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collectTensors(v, into);
}

function closeScope(scope: Set<Tensor>, result: unknown): void {
  const kept = new Set<Tensor>();
  collectTensors(result, kept);
  for (const t of scope) if (!kept.has(t)) t.dispose();
  // Kept tensors now belong to the enclosing scope, if any.
  if (scopes.length > 0) for (const t of kept) scopes[scopes.length - 1].add(t);
}

/**
 * Runs fn and disposes every tensor created inside it, except the tensors it
 * returns (found in arrays and plain objects). Works with async functions:
 * tensors are owned by the scope until the returned promise settles.
 * Note: two async tidy scopes must not interleave; await one before starting the next.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.splice(scopes.indexOf(scope), 1);
    for (const t of scope) t.dispose();
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        scopes.splice(scopes.indexOf(scope), 1);
        closeScope(scope, value);
        return value;
      },
      (err) => {
        scopes.splice(scopes.indexOf(scope), 1);
        for (const t of scope) t.dispose();
        throw err;
      },
    ) as T;
  }
  scopes.splice(scopes.indexOf(scope), 1);
  closeScope(scope, result);
  return result;
}

/** Removes t from the scope that owns it, so it outlives that scope (the caller must dispose it). */
export function keep<T extends Tensor>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}
