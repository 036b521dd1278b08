// npm run bench: every benchmark, each printing ratios against a baseline measured in the same run.
import { benchMlpStep } from './mlp-step.mjs';

await benchMlpStep();
