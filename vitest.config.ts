import { defineConfig } from 'vitest/config';
// @ts-ignore plain ESM helper shared with the build script
import { assetPlugin } from './scripts/asset-loaders.mjs';

export default defineConfig({
  plugins: [assetPlugin()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // GPU and browser suites each hold a SwiftShader device; on 2 cores run files one at a time
    fileParallelism: false,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
