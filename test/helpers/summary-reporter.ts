// Prints one plain closing line "N passed, N failed, N skipped" after the run,
// and with KANNTK_REQUIRE_WEBGPU=1 (set by .ci/run) turns any skipped test into a
// failure: in CI a skipped GPU or browser test is a defect.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    const skippedNames: string[] = [];
    for (const m of modules) {
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) count.failed++;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else {
          count.skipped++;
          skippedNames.push(t.fullName);
        }
      }
    }
    if (process.env.KANNTK_REQUIRE_WEBGPU === '1' && count.skipped > 0) {
      console.error(`skipped tests are failures in CI:\n  ${skippedNames.join('\n  ')}`);
      process.exitCode = 1;
    }
    console.log(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
  }
}
