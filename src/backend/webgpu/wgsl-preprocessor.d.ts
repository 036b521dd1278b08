// Types for wgsl-preprocessor (the package ships none): a template-literal tag that
// resolves #if/#elif/#else/#endif lines whose condition is the following ${value}.
declare module 'wgsl-preprocessor/wgsl-preprocessor.js' {
  export function wgsl(strings: TemplateStringsArray, ...values: unknown[]): string;
}
