// The command line's help: the overview (`kanntk --help`) and one page per
// command (`kanntk help CMD`, `kanntk CMD --help`) with its options, their
// defaults, the input formats and an example.

import { SYMBOLIC_NAMES } from '../kan/symbolic-functions.js';

/** How input files look; every command that reads arrays refers to it. */
const FORMATS = `input files:
  arrays  JSON {"shape": [N, d], "data": [...]} with the N·d numbers row by row, e.g.
          {"shape": [3, 2], "data": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]} is three 2-D points;
          targets are [N, outputs] (integer class labels {"shape": [N], "data": [...]} for --loss ce)
  models  kan-model/1 JSON, as train writes and jaxKAN exports; kan-model/2 adds edge masks and
          closed-form edges (prune, symbolic)`;

const COMMON = `common options:
  --backend wasm|webgpu|auto   where to compute (default auto: webgpu on a real GPU, else wasm)
  --threads N|auto             threads of the wasm core (default auto: one per core where workers
                               can share memory, i.e. Node; KANNTK_THREADS sets auto's count)
  --out FILE                   write the JSON result to FILE instead of stdout (checked before any work)`;

export const USAGE = `usage: kanntk <command> [options]

commands:
  doctor [--json] [--out FILE]   which backends work here, the adapter found, and why one is missing
  forward --model M --input X    model outputs {"output": array}
  grad --model M --input X --target Y [--loss mse|ce]
                                 {"loss", "grad"} with the gradient flat in param_order
  train (--model M | --layers 2,8,8,1 [--layer spline|base|chebyshev|dense] [--G 5] [--k 3] [--D 5]
        [--init default|lecun|glorot|glorot_fine|power]) --input X --target Y [--steps N] [--optimizer adam|sgd|lbfgs] [--lr LR]
        [--momentum M] [--batch-size B] [--seed S] [--loss mse|ce] [--history FILE] [--lamb L]
                                 trains; writes the model (--out) and the loss history
  train (--model M | --layers 2,8,8,1 …) --pde NAME [--grid 64] [--no-rba] [--steps N] [--lr LR]
                                 physics-informed training with RBA weights
  ntk --model M --input X [--matrix] [--top K] [--method structured|plain] [--gamma G]
                                 NTK spectrum: eigenvalues (null under the noise floor), cond,
                                 effective_rank, effective_dim, noise_floor
  study [--full | --preset demo|reduced|full] [--functions f1,…,f5] [--models small,big] [--inits baseline,glorot,power]
        [--epochs N] [--points N] [--ntk-points N] [--seed S] [--out DIR]
                                 the NTK study of KAN initialisations; prints a table and
                                 writes DIR/study.json and DIR/report.html (default DIR: kanntk-study)
  study --pde allen-cahn|burgers|helmholtz [--full] [--models …] [--inits …] [--epochs N] [--grid N]
                                 the PINN protocol: cond(K_EE), cond(K_BB), relative L2 error;
                                 writes DIR/study-NAME.json and DIR/report-NAME.html
  residual --model M --pde allen-cahn|burgers|helmholtz --input X [--pde-param k=v,…]
                                 u, its input derivatives and the PDE residual at the points
  pde-ntk --model M --pde NAME --interior X --boundary XB --boundary-values YB
        [--weights-interior W] [--weights-boundary WB]
                                 spectra of the weighted K_EE and K_BB blocks
  hessian --model M --input X --target Y [--loss mse|ce] [--top K] [--bottom K] [--trace] [--density]
        [--eigenvectors] [--seed S] [--trace-samples N] [--density-vectors N] [--density-steps M]
                                 loss-Hessian curvature by Hessian-vector products: top (descending),
                                 bottom (ascending), trace ± trace_stderr (exact or Hutch++), density (SLQ)
                                 (ce: Y holds integer labels {shape: [N], data})
  landscape --from M0 --to M1 --input X[,X2,…] --target Y[,Y2,…] [--loss mse|ce]
        [--alphas a,b,… | --range -1.5:2.0:36] [--interpolate params|states] [--density]
                                 loss at (1−α)·θ0 + α·θ1 for each α and data set
  discover --input X --target Y [--lib x,sin,…] [--hidden 5] [--lamb 0.01] [--seed S]
                                 samples → formula: sparse training, prune, closed forms, tuning
  prune --model M --input X [--node-threshold 1e-2] [--edge-threshold 3e-2] [--mask]
                                 a smaller KAN without its unimportant nodes and edges
  symbolic --model M --input X [--lib …] [--edge L,O,I --fn NAME]
                                 edges replaced by their best closed forms c·f(a·x + b) + d
  formula --model M [--digits 6]  the formula of a closed-form KAN, plain text and LaTeX
  plot --model M [--input X] --out kan.svg
                                 the network drawn with every edge's activation curve
  hybrid (--model M | --layers 64,128,10) --data FILE|digits|iris --switch RULE --sgd-lr A --batch B
        --ntk-lr C --ntk-epochs T [--val FILE | --val-fraction F] [--standardize] [--report FILE]
                                 the SGD→NTK hybrid classifier; RULE fixed:E, param-norm:K:T,
                                 ntk-norm:K:T or scout:E; a table against SGD alone
  report RESULT.json [--out FILE]  the HTML report of a result (study, ntk, pde-ntk, hessian, landscape, hybrid, discover);
                                 one self-contained file, by default RESULT.html beside the result
  demo [--port 8787] | demo --export DIR
                                 the live browser demo on http://127.0.0.1:PORT/, or its static files
common options: --backend wasm|webgpu|auto (default auto), --threads N|auto, --out FILE (default stdout)
  help [COMMAND], COMMAND --help  this text, or one command's options, defaults and an example
  --version                      the version`;

const SYMBOLIC_LIST = SYMBOLIC_NAMES.join(', ');

export const COMMAND_HELP: Record<string, string> = {
  doctor: `usage: kanntk doctor [--json] [--out FILE]

Which backends work on this machine, the WebGPU adapter found (or why none was),
and which backend auto picks and why. With --json (or --out) the same as JSON.

example:
  kanntk doctor`,

  forward: `usage: kanntk forward --model M --input X [--backend B] [--out FILE]

The model's outputs at the points X: {"output": {"shape": [N, outputs], "data": [...]}}.

${FORMATS}

${COMMON}

example:
  kanntk forward --model model.json --input x.json --out y.json`,

  grad: `usage: kanntk grad --model M --input X --target Y [--loss mse|ce] [--backend B] [--out FILE]

The loss (default mse; ce: softmax cross-entropy over integer labels) and its gradient,
flat in the model's param_order: {"loss", "grad"}.

${FORMATS}

${COMMON}

example:
  kanntk grad --model model.json --input x.json --target y.json`,

  train: `usage: kanntk train (--model M | --layers 2,8,8,1 [new-model options]) --input X --target Y [options]
       kanntk train (--model M | --layers …) --pde NAME [--grid 64] [--no-rba] [--pde-param k=v,…] [options]

Trains and writes the model (--out FILE, else to stdout) and the loss per step (--history FILE).
A progress bar shows on a terminal.

options:
  --steps N            updates (default 1000)
  --optimizer NAME     adam (default), sgd, lbfgs (full batch, line search: no --lr, --batch-size),
                       or sfn: saddle-free Newton, θ ← θ + lr·u/t from the smallest eigenpair (λ, [u; t])
                       of [[H, g], [gᵀ, −δ]] by Lanczos (= −lr·(H − λI)⁻¹g: downhill even where H has
                       negative curvature); --lanczos-steps 100, --hessian-batch B rows per step (default
                       all), --delta δ (default 0), --max-step (bound on ‖Δθ‖, default 1), --lr (default 1)
  --lr LR              learning rate, > 0 (default 0.001)
  --momentum M         sgd only, in [0, 1) (default 0)
  --batch-size B       mini-batches of B points (default: the full batch; adam and sgd)
  --loss mse|ce        default mse
  --seed S             data order and new-model initialisation (default 0)
  --history FILE       the loss after every step
  --grid-update-every N  move the spline grids to the data every N steps (pykan's update_grid),
                       until --grid-update-until S (default: all steps); the optimizer carries on
  --lamb L             add pykan's sparsity regulariser with weight L (KAN layers):
                       L·Σ_l (μ1·Σ|φ|₁ + μ2·entropy) [+ λc·mean|coefficients|], with
                       --lamb-l1 μ1 (default 1), --lamb-entropy μ2 (default 2), --lamb-coef λc (default 0)
new-model options (with --layers, not with --model):
  --layer spline|base|chebyshev|dense  (default spline)   --G 5  --k 3  --D 5 (Chebyshev degree)
  --init default|lecun|glorot|glorot_fine|power  (default default)
physics-informed (--pde helmholtz|burgers|allen-cahn): RBA-weighted Adam on a --grid N×N collocation
grid (default 64); --no-rba keeps unit weights; --rba-rule jaxkan (default: weights updated after
each step) or research (recomputed inside the loss and differentiated, as the research code);
no --input/--target/--optimizer.

${FORMATS}

${COMMON}

examples:
  kanntk train --layers 2,8,8,1 --init glorot --input x.json --target y.json --steps 2000 --out model.json
  kanntk train --layers 2,8,8,1 --pde helmholtz --steps 500 --out pinn.json --history loss.json`,

  ntk: `usage: kanntk ntk --model M --input X [--top K] [--eigenvectors] [--matrix] [--method structured|plain] [--gamma G]

The empirical NTK of the model on the points X and its spectrum: eigenvalues (descending;
null under the noise floor of the precision), cond, effective_rank, effective_dim (with γ = --gamma,
default 1e-4), noise_floor, lambda_max, trace. A progress line shows on a terminal.

options:
  --top K          list only the K largest eigenvalues (default: all N); metrics use all of them
  --eigenvectors   add the eigenvectors of the listed eigenvalues
  --matrix         add the N×N kernel matrix
  --method         auto (default: plain when n ≥ P·C/2, else structured), structured (per-layer Gram
                   assembly, no Jacobian) or plain (Jacobian rows, then J·Jᵀ)
  --matrix-free    the top K (default 10) eigenpairs by Lanczos on v ↦ J(Jᵀv), forming neither K nor J:
                   for point sets whose n×n kernel does not fit (100,000 points: seconds, not 80 GB);
                   no cond or effective rank (they need the whole spectrum)

${FORMATS}

${COMMON}

example:
  kanntk ntk --model model.json --input x.json --top 10 --eigenvectors`,

  study: `usage: kanntk study [--full | --preset demo|reduced|full] [options] [--out DIR]
       kanntk study --pde allen-cahn|burgers|helmholtz [--full] [--models …] [--inits …] [--epochs N] [--grid N] [--out DIR]

The NTK study of KAN initialisations: for each function × model × initialisation, full-batch Adam,
the NTK spectrum at the checkpoints, the final loss and the relative L2 error. Prints a table and
writes DIR/study.json and DIR/report.html (default DIR: kanntk-study). With --pde: the PINN
protocol (RBA-weighted training, K_EE and K_BB spectra), writing study-NAME.json and report-NAME.html.

options:
  --preset NAME     demo (what the browser demo runs), reduced (the default, about a minute), full
  --full            the paper's protocol (5000 points, 2001 epochs, NTK on 256 points)
  --functions LIST  f1,…,f5            --models LIST  small,big     --inits LIST  baseline,glorot,power
  --epochs N        Adam updates (checkpoints keep their pattern)
  --points N        data points (80 % training)     --ntk-points N  NTK points (a seeded draw)
  --seed S          default 43                       --grid N        (--pde) collocation grid side
  --rba-rule R      (--pde) research (the default with --full) or jaxkan (the default otherwise)

cond: when λ_min < 1e-9·λ_max the research reports the floor 1e9 (marked "≥" in the table).

${COMMON}

examples:
  kanntk study
  kanntk study --functions f1,f2 --models small --epochs 500 --out runs/small
  kanntk study --pde helmholtz`,

  residual: `usage: kanntk residual --model M --pde allen-cahn|burgers|helmholtz --input X [--pde-param k=v,…]

u, its input derivatives and the PDE residual at the points X (columns in the PDE's input order).
--pde-param overrides constants, e.g. --pde-param k=4 for Helmholtz.

${FORMATS}

${COMMON}

example:
  kanntk residual --model pinn.json --pde burgers --input x.json`,

  'pde-ntk': `usage: kanntk pde-ntk --model M --pde NAME --interior X --boundary XB --boundary-values YB
        [--weights-interior W] [--weights-boundary WB] [--pde-param k=v,…]

The spectra (and metrics) of the residual block K_EE on the interior points and the boundary block
K_BB, each weighted by its RBA weights (default 1).

${FORMATS}

${COMMON}

example:
  kanntk pde-ntk --model pinn.json --pde helmholtz --interior xi.json --boundary xb.json --boundary-values gb.json`,

  hessian: `usage: kanntk hessian --model M --input X --target Y [--loss mse|ce] [--top K] [--bottom K] [--trace] [--density]
        [--eigenvectors] [--seed S] [--trace-samples N] [--density-vectors N] [--density-steps M]

Curvature of the loss by Hessian-vector products (no Hessian is formed): the K largest (--top,
default 1) and smallest (--bottom, default 0) eigenvalues by Lanczos, the trace (--trace, with a
budget of --trace-samples 100 HVPs: exact when the model has no more parameters than that, else
Hutch++ — a third of the budget finds the top of the spectrum, whose trace is computed exactly, the
rest estimates what is left — with its standard error; trace_method says which), the spectral
density by stochastic Lanczos quadrature (--density: --density-vectors 4 × --density-steps 64).

${FORMATS}

${COMMON}

example:
  kanntk hessian --model model.json --input x.json --target y.json --top 5 --trace --density`,

  landscape: `usage: kanntk landscape --from M0 --to M1 --input X[,X2,…] --target Y[,Y2,…] [--loss mse|ce]
        [--alphas a,b,… | --range lo:hi:n] [--interpolate params|states] [--density]

The loss at θ(α) = (1 − α)·θ0 + α·θ1 for each α (default --range -1.5:2.0:36, at most 100000 values)
and each data set; both models must share their network (and grids).

  --interpolate states  interpolate whole model states, every array including the grids, as the
                        research does between an initial and a trained model whose grids were
                        updated (α outside [0, 1] can make knots cross: refused with the α named)
  --density             also the Hessian's spectral density (SLQ) on the first data set at every α
                        (--density-vectors 4, --density-steps 64, --seed 0; at most 1000 α):
                        "densities": [{alpha, grid, density, sigma}]

${FORMATS}

${COMMON}

example:
  kanntk landscape --from init.json --to trained.json --input x.json --target y.json --range -1:2:61
  kanntk landscape --from init.json --to trained.json --input x.json --target y.json --interpolate states \
    --range 0:1:6 --density`,

  report: `usage: kanntk report RESULT.json [--out FILE]

The HTML report of a result file written by study, study --pde, ntk, pde-ntk, hessian, landscape, hybrid
or discover:
one self-contained page (inline SVG charts, no scripts, nothing fetched) that opens offline.
Default FILE: RESULT.html beside the result.

example:
  kanntk ntk --model model.json --input x.json --out spectrum.json && kanntk report spectrum.json`,

  discover: `usage: kanntk discover --input X --target Y [options]

From samples to a formula, pykan's workflow end to end: a KAN [d, hidden…, m] (spline, G grid
intervals) trained by L-BFGS with the sparsity regulariser, pruned, trained again, every edge
replaced by its best closed form c·f(a·x + b) + d from the library (R² against simplicity), the
closed forms' parameters tuned, and the formula read off and simplified (mathjs). Shows the stage
running on a terminal.

options:
  --lib NAMES          functions to choose from (default: all): ${SYMBOLIC_LIST}
  --hidden W[,W…]      hidden widths (default 5)
  --G N                grid intervals (default 5)
  --lamb L             sparsity weight of the first training (default 0.01)
  --steps N            L-BFGS iterations of the first training (default 200)
  --seed S             initialisation (default 0)
  --digits N           significant digits in the formula (default 6)
  --report FILE        also write the HTML report (the formula, each edge's fit, the network drawn
                       after training and at the end)

output (--out FILE, else stdout): formula (one per output, in x1…xn; mathjs and SymPy parse it),
latex, edges [{layer, out, in, fn, r2, a, b, c, d}], mse {trained, final}, widths {trained, pruned},
model (the final kan-model/2), diagrams (the drawn curves), backend, timing. With --out the formula
is also printed.

${FORMATS}

${COMMON}

example:
  kanntk discover --input x.json --target y.json --lib x,x^2,exp,sin,tanh --out found.json`,

  prune: `usage: kanntk prune --model M --input X [--node-threshold 1e-2] [--edge-threshold 3e-2] [--mask] [--out M2]

Scores every edge by the mean of |φ(x)| over the inputs X; a hidden node goes when its largest
incoming or outgoing score is under the node threshold (or the edge threshold), an edge is masked
when its score is under the edge threshold. Writes the smaller model (kan-model/2 when edges are
masked) to --out or stdout; --mask keeps every shape and masks the removed nodes' edges instead.
Prints the widths before and after.

${FORMATS}

example:
  kanntk prune --model trained.json --input x.json --out pruned.json`,

  symbolic: `usage: kanntk symbolic --model M --input X [--lib NAMES] [--weight-simple 0.8] [--out M2]
       kanntk symbolic --model M --input X --edge LAYER,OUT,IN --fn NAME [--out M2]

Replaces KAN edges by closed forms c·f(a·x + b) + d fitted to each edge's values on the inputs X
(a grid search over a, b; least squares for c, d). Without --edge every remaining numeric edge gets
the library function that minimises (1 − w)·log2(1 + 1e-5 − R²) + w·complexity (w = --weight-simple,
as pykan); with --edge one edge gets --fn. The edge's numeric branch is masked and the closed form
stored with trainable (a, b, c, d) (kan-model/2). Prints each choice with its R².

library: ${SYMBOLIC_LIST}

example:
  kanntk symbolic --model pruned.json --input x.json --lib x,x^2,exp,sin --out symbolic.json`,

  formula: `usage: kanntk formula --model M [--digits 6] [--no-simplify] [--out FILE]

The formula of a KAN whose edges are all closed-form (after kanntk symbolic): per output, plain text
in x1…xn with + − * / ^ and the library's names (mathjs and SymPy parse it), simplified by mathjs,
and its LaTeX. --digits rounds the numbers for reading (17: exact).

example:
  kanntk formula --model symbolic.json`,

  plot: `usage: kanntk plot --model M [--input X] --out kan.svg

Draws the network as pykan does: nodes by layer (inputs at the bottom), each edge with its activation
curve over the range its input takes on X, opacity by importance (mean |φ| on X relative to the
layer's largest), masked edges left out, closed-form edges in red with their function's name.
Without --input, 256 points drawn uniformly in [-1, 1]. One self-contained SVG (light and dark).

example:
  kanntk plot --model pruned.json --input x.json --out kan.svg`,

  hybrid: `usage: kanntk hybrid (--model M | --layers 64,128,10 [--layer dense|spline|chebyshev]) --data FILE|NAME
         --switch RULE --sgd-lr A --batch B --ntk-lr C --ntk-epochs T [options]

Trains a classifier with mini-batch SGD (plain θ ← θ − A·∇L on the mean softmax cross-entropy, a
seeded permutation per epoch, the last partial batch kept) until the switch rule fires after an
epoch, then with the Jacobian frozen at the switch (NTK-1: per epoch one update
θ ← θ − (2C/N)·Σ_i J_i(θ_switch)ᵀ(softmax(f(x_i; θ)) − y_i)), and, for comparison, SGD alone for as
many epochs from the same point. Prints a table; one line per epoch on a terminal.

switch rules (epochs e counted from 1):
  fixed:E          after epoch E
  param-norm:K:T   when ‖θ_e − θ_{e−K}‖₂ < T (from e ≥ K)
  ntk-norm:K:T     when |d_e − d_{e−K}| < T, d_e = ‖K_e − K_0‖_F: the NTK (summed over classes) on
                   the monitor points, K_0 at the start
  scout:E          never switches: E SGD epochs with both monitors recorded (K = 1), to choose T
A run whose rule has not fired after --max-sgd-epochs (default 100; E for fixed:E) is reported as
not switched (no NTK phase), not as an error.

data:
  --data FILE|NAME     CSV (header row) or ARFF (.arff) file, or a shipped data set: digits
                       (1,797 8×8 images, 10 classes), iris (150 × 4, 3 classes)
  --label COLUMN       the label column (default: the last); labels are encoded in sorted order
  --val FILE           validation set (same columns), or
  --val-fraction F     a seeded split, ceil(F·N) rows for validation (default 0.2)
  --standardize        scale features by the training split's mean and standard deviation
model:
  --layers d,h,…,C     a new ReLU MLP (Glorot normal weights, zero biases), or with --layer spline or
                       chebyshev a new KAN; d = features, C = classes
  --model FILE         any kan-model/1 classifier with C outputs
training:
  --sgd-lr A  --batch B          SGD learning rate and batch size (required)
  --ntk-lr C  --ntk-epochs T     NTK-1 learning rate and epochs (required, except for scout)
  --max-sgd-epochs E             see above
  --monitor FILE | --monitor-points N   the ntk-norm/scout monitor points: a data file's features, or N
                       training rows drawn with the seed (default 256)
  --variant network|linearized   NTK-1 errors from the network (default) or its linearisation at the switch
  --no-baseline                  skip SGD alone
  --seed S                       split, batch order and new-model initialisation (default 0)
  --report FILE                  also write the HTML report (accuracy and loss curves, switch marked)

output (--out FILE, else stdout): classes, switch_rule, switched, epoch_at_switch, sgd_epoch_limit,
initial, sgd {train_loss, train_acc, val_loss, val_acc, monitor, ntk_distance?, ntk_monitor?},
ntk {…, variant}, sgd_alone {…} or null, settings, data, timing (per phase), backend, model (kan-model/1).
Per-epoch arrays are after epochs 1, 2, …; monitor is null before the window fills.

${COMMON}

examples:
  kanntk hybrid --data digits --layers 64,128,10 --standardize --switch ntk-norm:2:4000 \
    --sgd-lr 0.1 --batch 64 --ntk-lr 0.5 --ntk-epochs 20 --out hybrid.json --report hybrid.html
  kanntk hybrid --data digits --layers 64,128,10 --standardize --switch scout:20 --sgd-lr 0.1 --batch 64`,

  demo: `usage: kanntk demo [--port 8787]
       kanntk demo --export DIR

Serves the live demo on http://127.0.0.1:PORT/ (--port 0 picks a free port) until Ctrl-C: a page
that runs the study in the browser (WebGPU on a real GPU, else the WASM core in a Worker) and draws
the charts as checkpoints arrive. --export writes the page's static files into DIR instead.

example:
  kanntk demo`,
};
