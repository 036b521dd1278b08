// Build-time assets: esbuild (scripts/build.mjs) and vitest (scripts/asset-loaders.mjs) load these.
declare module '*.wgsl' {
  const source: string;
  export default source;
}
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
