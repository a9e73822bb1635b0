#!/usr/bin/env python3
"""Issue 11, round 2: ideas not in the "What else was tried" table, 5-fold over the dev sample's vectors
(EmbeddingDump), same folds as bench/reward_explore.py. Every per-fold fit (regularisation strength included, by an
inner 4-fold split of the training wishes) uses only the training folds: the held-out fold's pairs are scored once.
The "labels" of a fit are the ledger's own content (a wish's desired text = +, its undesired text = -), burn as the
sample weight, so the learned judge is still a judge that carries the wishes.

usage: reward_learned.py DUMP_DIR DATA.jsonl.gz [model ...]"""
import sys, math, numpy as np
sys.path.insert(0, __import__("os").path.dirname(__file__))
from reward_explore import load, pairs, folds, unit

def logistic(X, y, sw, lam):
    """L2-regularised logistic regression with an unpenalised intercept, fitted by L-BFGS (scipy): objective
    sum sw * cross-entropy + lam/2 |w|^2. sw: sample weights normalised to mean 1. Returns (w, b)."""
    from scipy.optimize import minimize
    dim = X.shape[1]
    def f(beta):
        z = X @ beta[:-1] + beta[-1]
        # log(1 + e^z) - y z, stably
        loss = np.logaddexp(0, z) - y * z
        p = 0.5 * (1 + np.tanh(0.5 * z))
        r = sw * (p - y)
        g = np.empty(dim + 1)
        g[:-1] = X.T @ r + lam * beta[:-1]
        g[-1] = r.sum()
        return float(sw @ loss + 0.5 * lam * beta[:-1] @ beta[:-1]), g
    res = minimize(f, np.zeros(dim + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500, "gtol": 1e-6})
    return res.x[:-1], res.x[-1]

def weights(burns, idx, bw):
    b = burns[idx].astype(np.float64)
    w = {"equal": np.ones_like(b), "log": np.log2(1 + b), "linear": b}[bw]
    return w / w.mean()

def fit_text_probe(D, U, sw, lam):
    """desired texts = 1, undesired = 0 (a wish without an undesired text contributes only its desired side)."""
    has_u = np.linalg.norm(U, axis=1) > 0
    X = np.vstack([D, U[has_u]])
    y = np.concatenate([np.ones(len(D)), np.zeros(has_u.sum())])
    w = np.concatenate([sw, sw[has_u]])
    return logistic(X, y, w, lam)[0]

def fit_pair_probe(D, U, sw, lam):
    """Bradley-Terry on the difference: P(d beats u) = sigmoid(w . (d - u)); symmetrised, no intercept."""
    x = D - U
    X = np.vstack([x, -x]); y = np.concatenate([np.ones(len(x)), np.zeros(len(x))])
    return logistic(X, y, np.concatenate([sw, sw]), lam)[0]

def fit_ridge(D, U, sw, lam):
    """w = (S + lam I)^-1 mu, S = X^T A X, mu = X^T a, A = diag(sw)/n, a = sw/n; computed as
    X^T (lam I + A X X^T)^-1 a (push-through identity), an n x n solve whatever the dimension."""
    x = D - U
    a = sw / len(x)
    K = x @ x.T
    return x.T @ np.linalg.solve(lam * np.eye(len(x)) + a[:, None] * K, a)

FITS = {"text logistic (d=1, u=0)": fit_text_probe, "pairwise logistic (Bradley-Terry on d-u)": fit_pair_probe,
        "ridge/LDA direction": fit_ridge}
LAMS = [0.3, 1, 3, 10, 30]  # the e5 choices of an 8-value grid (0.01..30) all fell in 1..30

RIDGE_LAMS = [0.003, 0.01, 0.03, 0.1, 0.3]  # ridge's lambda is on the scale of the (d - u) second moment

def inner_choose(fit, D, U, sw, lams=None):
    """Pick lambda by a 4-fold contiguous split of the training wishes (pair accuracy d vs u)."""
    lams = lams or (RIDGE_LAMS if fit is fit_ridge else LAMS)
    n = len(D); best = None
    for lam in lams:
        c = 0
        for lo, hi in folds(n, 4):
            tr = np.r_[0:lo, hi:n]
            w = fit(D[tr], U[tr], sw[tr], lam)
            c += int((D[lo:hi] @ w > U[lo:hi] @ w).sum())
        if best is None or c > best[0]:
            best = (c, lam)
    return best[1]

def run_linear(Vs, burns, wishable, n, fit, bw, des="chosen", und="rejected", rc="chosen", rr="rejected", lam=None):
    """Vs: list of per-model vector dicts, concatenated (each model's block unit-normalised, scaled 1/sqrt(m))."""
    def cat(kind, idx):
        return np.hstack([V[kind][idx] for V in Vs]) / math.sqrt(len(Vs))
    out = np.zeros(n, bool); lams = []
    for lo, hi in folds(n):
        train = np.array([i for i in range(n) if (i < lo or i >= hi) and wishable[i]])
        test = np.arange(lo, hi)
        D, U = cat(des, train), cat(und, train)
        sw = weights(burns, train, bw)
        l = lam if lam is not None else inner_choose(fit, D, U, sw)
        lams.append(l)
        w = fit(D, U, sw, l)
        out[test] = cat(rc, test) @ w > cat(rr, test) @ w
    return out, lams

def baseline(V, burns, wishable, n, bw):
    """Today's default: gated t = 0.2 (with e5 it admits everything), stance cos(r,d) - cos(r,u)."""
    out = np.zeros(n, bool)
    for lo, hi in folds(n):
        train = np.array([i for i in range(n) if (i < lo or i >= hi) and wishable[i]])
        test = np.arange(lo, hi)
        w = (V["prompt"][test] @ V["prompt"][train].T >= 0.2) * weights(burns, train, bw)
        g = w @ (V["chosen"][train] - V["rejected"][train])
        out[test] = (V["chosen"][test] * g).sum(1) > (V["rejected"][test] * g).sum(1)
    return out

def stance_features(V, burns, wishable, n, bw, beta=None, lam_grid=(1, 10, 100, 1000)):
    """(c): per-wish stances k_j(r) = cos(r,d_j) - cos(r,u_j) (or an exp-kernel) as features with a learned global
    combination alpha; the training examples are the training wishes' own d_i against u_i, the self feature j = i
    removed (it would leak the label). Fitted as weighted ridge on the symmetrised differences (target 1), which is
    closed-form for every lambda of the inner 4-fold choice (a logistic fit of 925 features x 8 lambdas x 4 inner
    folds was too slow for the shared machine)."""
    def feats(R, D, U):
        if beta:
            return np.exp(beta * (R @ D.T - 1)) - np.exp(beta * (R @ U.T - 1))
        return R @ D.T - R @ U.T
    def fit(X, sw, lam):
        A = (X * sw[:, None]).T @ X + lam * np.eye(X.shape[1])
        return np.linalg.solve(A, (X * sw[:, None]).sum(0))
    out = np.zeros(n, bool)
    for lo, hi in folds(n):
        train = np.array([i for i in range(n) if (i < lo or i >= hi) and wishable[i]])
        test = np.arange(lo, hi)
        D, U = V["chosen"][train], V["rejected"][train]
        sw = weights(burns, train, bw)
        X = feats(D, D, U) - feats(U, D, U)
        np.fill_diagonal(X, 0)
        m = len(train); best = None
        for lam in lam_grid:
            c = 0
            for ilo, ihi in folds(m, 4):
                tr = np.r_[0:ilo, ihi:m]
                a = fit(X[tr][:, tr], sw[tr], lam)
                c += int((X[ilo:ihi][:, tr] @ a > 0).sum())
            if best is None or c > best[0]:
                best = (c, lam)
        a = fit(X, sw, best[1])
        out[test] = feats(V["chosen"][test], D, U) @ a > feats(V["rejected"][test], D, U) @ a
    return out

def local_topm(V, burns, wishable, n, bw, M, tau, alpha, fit=None, lam=1.0):
    """(d): global direction (mean of d-u, or a fitted probe) plus alpha x a local direction from the top-M
    wishes by scenario similarity, softmax(cos/tau) weights among them only."""
    out = np.zeros(n, bool)
    for lo, hi in folds(n):
        train = np.array([i for i in range(n) if (i < lo or i >= hi) and wishable[i]])
        test = np.arange(lo, hi)
        sw = weights(burns, train, bw)
        x = V["chosen"][train] - V["rejected"][train]
        g = fit(V["chosen"][train], V["rejected"][train], sw, lam) if fit else (sw @ x) / sw.sum()
        g = g / np.linalg.norm(g)
        sim = V["prompt"][test] @ V["prompt"][train].T
        idx = np.argsort(-sim, 1)[:, :M]
        s = np.take_along_axis(sim, idx, 1)
        w = np.exp((s - s[:, :1]) / tau) * sw[idx]
        loc = np.einsum("tm,tmd->td", w, x[idx]) / w.sum(1, keepdims=True)
        loc = unit(loc)
        Dp = g[None, :] + alpha * loc
        out[test] = (V["chosen"][test] * Dp).sum(1) > (V["rejected"][test] * Dp).sum(1)
    return out

def prompt_conditioned(V, burns, wishable, n, bw, scen="prompt"):
    """(e) a prompt-conditioned direction: Bradley-Terry on [d - u, (d - u) * p] (elementwise with the prompt),
    so the learned direction is g + diag(h) p: each prompt tilts the global direction. lambda by the inner split."""
    out = np.zeros(n, bool)
    for lo, hi in folds(n):
        train = np.array([i for i in range(n) if (i < lo or i >= hi) and wishable[i]])
        test = np.arange(lo, hi)
        P = V[scen][train]
        D = np.hstack([V["chosen"][train], V["chosen"][train] * P])
        U = np.hstack([V["rejected"][train], V["rejected"][train] * P])
        sw = weights(burns, train, bw)
        w = fit_pair_probe(D, U, sw, inner_choose(fit_pair_probe, D, U, sw))
        Pt = V[scen][test]
        sc = np.hstack([V["chosen"][test], V["chosen"][test] * Pt]) @ w
        sr = np.hstack([V["rejected"][test], V["rejected"][test] * Pt]) @ w
        out[test] = sc > sr
    return out

def mcnemar(a, b):
    """exact two-sided McNemar on paired outcomes."""
    n01 = int((a & ~b).sum()); n10 = int((~a & b).sum()); m = n01 + n10
    if m == 0:
        return 1.0
    k = min(n01, n10)
    p = 2 * sum(math.comb(m, i) for i in range(k + 1)) / 2 ** m
    return min(1.0, p)

def wilson(k, n, z=1.96):
    p = k / n; d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d; h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return 100 * (c - h), 100 * (c + h)

def main():
    dir, data = sys.argv[1], sys.argv[2]
    only = set(a[7:] for a in sys.argv[3:] if a.startswith("--only="))
    models = [a for a in sys.argv[3:] if not a.startswith("--")] or ["e5-small"]
    on = lambda tag: not only or tag in only
    pr = pairs(data); n = len(pr)
    wishable = np.array([len(c) > 0 for c, _ in pr])
    burns = np.fromfile(f"{dir}/burns.i64", dtype="<i8")
    Vs = {m: load(dir, m, n) for m in models}
    ref = {bw: baseline(Vs.get("e5-small", Vs[models[0]]), burns, wishable, n, bw) for bw in ("equal", "log")}
    def report(name, eq, sh, extra=""):
        print(f"  {name:66s} equal {100*eq.mean():5.1f} (p {mcnemar(eq, ref['equal']):.2g})  "
              f"log-shipped {100*sh.mean():5.1f} (p {mcnemar(sh, ref['log']):.2g}) {extra}", flush=True)
    print(f"reference (e5 default): equal {100*ref['equal'].mean():.1f} {wilson(ref['equal'].sum(), n)}, "
          f"shipped/log {100*ref['log'].mean():.1f}")
    for m in models:
        V = Vs[m]
        print(f"== {m}")
        report("default rule (gated 0.2)", baseline(V, burns, wishable, n, "equal"), baseline(V, burns, wishable, n, "log"))
        if on("a"):
            for name, fit in FITS.items():
                e, le = run_linear([V], burns, wishable, n, fit, "equal")
                s, ls = run_linear([V], burns, wishable, n, fit, "log")
                report("(a) " + name, e, s, f"lambdas {le} / {ls}")
        if on("lt"):
            kw = dict(des="last+chosen", und="last+rejected", rc="last+chosen", rr="last+rejected")
            e, le = run_linear([V], burns, wishable, n, fit_text_probe, "equal", **kw)
            s, _ = run_linear([V], burns, wishable, n, fit_text_probe, "log", **kw)
            report("(a) text logistic on last turn + response", e, s, f"lambdas {le}")
        if on("c"):
            for beta in (None, 10):
                report(f"(c) per-wish stances as features, learned alpha, beta={beta}",
                       stance_features(V, burns, wishable, n, "equal", beta),
                       stance_features(V, burns, wishable, n, "log", beta))
        if on("e"):
            report("(e) prompt-conditioned direction (BT on [d-u, (d-u)*p])",
                   prompt_conditioned(V, burns, wishable, n, "equal"), prompt_conditioned(V, burns, wishable, n, "log"))
        if on("d"):
            for M, tau, alpha in ((32, 0.05, 0.5), (64, 0.05, 1.0), (128, 0.1, 0.5), (16, 0.02, 0.3)):
                report(f"(d) mean dir + {alpha} x top-{M} softmax(tau {tau}) local dir",
                       local_topm(V, burns, wishable, n, "equal", M, tau, alpha),
                       local_topm(V, burns, wishable, n, "log", M, tau, alpha))
    if len(models) > 1 and on("b"):
        allV = [Vs[m] for m in models]
        print(f"== (b) concatenated {models}")
        for name in ("ridge/LDA direction", "pairwise logistic (Bradley-Terry on d-u)", "text logistic (d=1, u=0)"):
            e, le = run_linear(allV, burns, wishable, n, FITS[name], "equal")
            s, _ = run_linear(allV, burns, wishable, n, FITS[name], "log")
            report("(b) " + name, e, s, f"lambdas {le}")

if __name__ == "__main__":
    main()
