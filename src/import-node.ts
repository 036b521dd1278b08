// Node built-ins (node:fs, node:worker_threads, …) imported on demand, by a
// specifier the bundlers leave alone, so that importing kanntk in a browser
// never reaches for them; callers only use it where Node (or Deno) runs.

export const importNode = (specifier: string): Promise<any> => import(/* @vite-ignore */ specifier);

/** True in Node (and in Deno's Node compatibility, which also sets process.versions.node). */
export function isNodeLike(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/** True in Deno. */
export function isDeno(): boolean {
  return typeof (globalThis as { Deno?: unknown }).Deno === 'object';
}
