// npm run bench: every benchmark, each printing ratios against a baseline measured in the same run.
import { benchMlpStep } from './mlp-step.mjs';
import { benchAdamStep } from './adam-step.mjs';
import { benchNtk } from './ntk.mjs';
import { benchEigen } from './eigen.mjs';
import { benchNtkScale } from './ntk-scale.mjs';
import { benchPinn } from './pinn.mjs';
import { benchHessian } from './hessian.mjs';
import { benchHybrid } from './hybrid.mjs';
import { benchSfn } from './sfn.mjs';
import { benchThreads } from './threads.mjs';

const only = process.argv[2];
if (!only || only === 'mlp') await benchMlpStep();
if (!only || only === 'adam') await benchAdamStep();
if (!only || only === 'ntk') await benchNtk();
if (!only || only === 'eigen') await benchEigen();
if (!only || only === 'ntk-scale') await benchNtkScale();
if (!only || only === 'pinn') await benchPinn();
if (!only || only === 'hessian') await benchHessian();
if (!only || only === 'hybrid') await benchHybrid();
if (!only || only === 'sfn') await benchSfn();
if (!only || only === 'threads') await benchThreads();
