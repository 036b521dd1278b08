// Run by Deno (test/deno/deno.test.ts): the built library on the WASM core —
// a forward pass and an NTK spectrum of the fixture models — printed as JSON.
import { createEngine, KanModel, ntk, kernelSpectrum } from '../../dist/node/index.js';

const [forwardPath, ntkPath] = Deno.args;
const forwardFx = JSON.parse(await Deno.readTextFile(forwardPath));
const ntkFx = JSON.parse(await Deno.readTextFile(ntkPath));
const engine = await createEngine({ backend: 'wasm' });
const out = await KanModel.fromJSON(forwardFx.model).forward(engine, forwardFx.x);
const c = ntkFx.cases[0];
const bound = KanModel.fromJSON(c.model).bind(engine.backend);
const K = await ntk(bound, ntkFx.x);
const s = await kernelSpectrum(engine, K);
bound.dispose();
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, backend: engine.backend.info.name, output: Array.from(out.data), lambdaMax: s.lambdaMax, effectiveRank: s.effectiveRank }));
engine.dispose();
