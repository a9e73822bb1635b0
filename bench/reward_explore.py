#!/usr/bin/env python3
"""Offline exploration of reward designs on the dev sample's vectors (written by
org.wishledger.scoring.eval.EmbeddingDump). Every figure is 5-fold over contiguous blocks, wishes from the other
four folds, the same rule the Java experiment uses. Only for choosing what to build; the figures in
docs/scoring.md come from the Java harness (PreferenceExperiment / wishledger eval)."""
import sys, numpy as np, gzip, json

D = 384
KINDS = ["prompt", "last", "chosen", "rejected", "last+chosen", "last+rejected"]

def load(dir, model, n):
    a = np.fromfile(f"{dir}/{model}.f32", dtype="<f4").reshape(len(KINDS), n, D)
    return {k: a[i].astype(np.float64) for i, k in enumerate(KINDS)}

def pairs(path):
    out = []
    with gzip.open(path, "rt") as f:
        for line in f:
            j = json.loads(line)
            c, r = j["chosen"], j["rejected"]
            ci, ri = c.rfind("\n\nAssistant:"), r.rfind("\n\nAssistant:")
            out.append((c[ci + 12:].strip(), r[ri + 12:].strip()))
    return out

def unit(x):
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.where(n > 0, x / np.maximum(n, 1e-12), 0)

def folds(n, k=5):
    return [(n * f // k, n * (f + 1) // k) for f in range(k)]

def evaluate(V, burns, wishable, cfg, n):
    """cfg: dict of knobs. Returns number correct over all folds."""
    correct = 0
    for lo, hi in folds(n):
        train = np.array([i for i in range(n) if (i < lo or i >= hi) and wishable[i]])
        test = np.arange(lo, hi)
        s = V[cfg.get("scen", "prompt")][train]
        d = V[cfg.get("des", "chosen")][train]
        u = V[cfg.get("und", "rejected")][train]
        p = V[cfg.get("scen", "prompt")][test]
        rc = V[cfg.get("resp_c", "chosen")][test]
        rr = V[cfg.get("resp_r", "rejected")][test]
        if cfg.get("centre"):
            mu_s = s.mean(0); s = unit(s - mu_s); p = unit(p - mu_s)
            mu_r = np.concatenate([d, u]).mean(0)
            d = unit(d - mu_r); u = unit(u - mu_r); rc = unit(rc - mu_r); rr = unit(rr - mu_r)
        sim = p @ s.T                                   # test x train
        b = burns[train].astype(np.float64)
        bw = cfg.get("burn", "equal")
        base = {"equal": np.ones_like(b), "linear": b, "sqrt": np.sqrt(b), "log": np.log1p(b)}[bw]
        rel = cfg.get("rel", "gate")
        if rel == "gate":
            w = (sim >= cfg.get("t", 0.2)) * base
        elif rel == "softmax":
            tau = cfg["tau"]
            w = np.exp((sim - sim.max(1, keepdims=True)) / tau) * base
        elif rel == "topk":
            k = cfg["k"]
            idx = np.argsort(-sim, 1)[:, :k]
            w = np.zeros_like(sim); np.put_along_axis(w, idx, 1, 1); w = w * base
        elif rel == "none":
            w = np.ones_like(sim) * base
        if cfg.get("burn_in_gate"):  # burn only normalised inside the relevant set: w = rel * burn/mean burn of set
            pass
        dir_ = d - u
        if cfg.get("unit_dir"):
            dir_ = unit(dir_)
        beta = cfg.get("beta")
        def score(r):
            if beta:
                st = np.exp(beta * (r @ d.T)) - np.exp(beta * (r @ u.T))
            else:
                st = r @ dir_.T
            ws = w.sum(1)
            return np.where(ws > 0, (w * st).sum(1) / np.maximum(ws, 1e-300), 0)
        sc, sr = score(rc), score(rr)
        if cfg.get("glob"):   # add the global mean direction with weight glob
            g = (base[:, None] * dir_).sum(0) / base.sum()
            sc = sc + cfg["glob"] * rc @ g; sr = sr + cfg["glob"] * rr @ g
        correct += int((sc > sr).sum())
    return correct

def main():
    dir, data = sys.argv[1], sys.argv[2]
    models = sys.argv[3:] or ["minilm"]
    pr = pairs(data)
    n = len(pr)
    wishable = np.array([len(c) > 0 for c, _ in pr])
    burns = np.fromfile(f"{dir}/burns.i64", dtype="<i8")
    for m in models:
        V = load(dir, m, n)
        # rejected empty -> zero vector (langchain4j: blank -> zero in our embedder)
        print(f"== {m}")
        def run(name, **cfg):
            eq = evaluate(V, burns, wishable, dict(cfg, burn=cfg.get("burn", "equal")), n)
            sh = evaluate(V, burns, wishable, dict(cfg, burn=cfg.get("shipped", "linear")), n)
            print(f"  {name:60s} equal {100*eq/n:5.1f}  shipped {100*sh/n:5.1f}", flush=True)
        run("gated t=0.2 (today)")
        run("mean (ungated)", rel="none")
        for t in [0.3, 0.4, 0.5]:
            run(f"gated t={t}", t=t)
        for tau in [0.01, 0.02, 0.05, 0.1]:
            run(f"softmax tau={tau}", rel="softmax", tau=tau)
        for tau in [0.02, 0.05]:
            run(f"softmax tau={tau} log-burn", rel="softmax", tau=tau, shipped="log")
        run("gated centred", centre=True)
        for tau in [0.02, 0.05, 0.1]:
            run(f"softmax tau={tau} centred", rel="softmax", tau=tau, centre=True)
        run("gated last-turn scenario", scen="last")
        for tau in [0.02, 0.05]:
            run(f"softmax tau={tau} last-turn", rel="softmax", tau=tau, scen="last")
        run("gated, last+response", des="last+chosen", und="last+rejected", resp_c="last+chosen", resp_r="last+rejected")
        for tau in [0.02, 0.05]:
            run(f"softmax tau={tau}, last+response", rel="softmax", tau=tau, des="last+chosen", und="last+rejected", resp_c="last+chosen", resp_r="last+rejected")
            run(f"softmax tau={tau}, last+response centred", rel="softmax", tau=tau, centre=True, des="last+chosen", und="last+rejected", resp_c="last+chosen", resp_r="last+rejected")
        run("mean, last+response", rel="none", des="last+chosen", und="last+rejected", resp_c="last+chosen", resp_r="last+rejected")
        run("mean, last+response centred", rel="none", centre=True, des="last+chosen", und="last+rejected", resp_c="last+chosen", resp_r="last+rejected")
        for beta in [5, 10, 20]:
            run(f"gated kernel beta={beta}", beta=beta)
        run("gated unit dir", unit_dir=True)
        for lam in [1e-3, 1e-2, 3e-2, 1e-1, 1]:
            print(f"  {'whitened mean direction lambda=%g' % lam:60s} equal {ridge(V, burns, wishable, n, lam, 'equal'):5.1f}"
                  f"  shipped(log) {ridge(V, burns, wishable, n, lam, 'log'):5.1f}", flush=True)
        for t in [0.85, 0.9]:
            print(f"  {'gate t=%g mixed 30%% with the global mean' % t:60s} equal {mixed(V, wishable, n, t, 0.3):5.1f}")
    if len(models) > 1:
        print(f"== z-normalised sum of {models}: equal {ensemble([load(dir, m, n) for m in models], wishable, n):5.1f}")

def train_test(n, wishable):
    for lo, hi in folds(n):
        yield np.array([i for i in range(n) if (i < lo or i >= hi) and wishable[i]]), np.arange(lo, hi)

def ridge(V, burns, wishable, n, lam, bw):
    """Mean direction whitened by the second moment of the wishes' (d - u): w = (S + lam I)^-1 mu."""
    c = 0
    for train, test in train_test(n, wishable):
        x = V["chosen"][train] - V["rejected"][train]
        b = burns[train].astype(np.float64)
        w = {"equal": np.ones_like(b), "log": np.log1p(b)}[bw]
        w = w / w.mean()
        S = (x * w[:, None]).T @ x / len(train)
        mu = (x * w[:, None]).sum(0) / len(train)
        g = np.linalg.solve(S + lam * np.eye(x.shape[1]), mu)
        c += int((V["chosen"][test] @ g > V["rejected"][test] @ g).sum())
    return 100 * c / n

def mixed(V, wishable, n, t, alpha):
    c = 0
    for train, test in train_test(n, wishable):
        x = V["chosen"][train] - V["rejected"][train]
        g = x.mean(0)
        w = (V["prompt"][test] @ V["prompt"][train].T >= t).astype(float)
        ws = w.sum(1, keepdims=True)
        Dp = np.where(ws > 0, (w @ x) / np.maximum(ws, 1e-12), g)
        Dp = (1 - alpha) * g + alpha * Dp
        c += int(((V["chosen"][test] * Dp).sum(1) > (V["rejected"][test] * Dp).sum(1)).sum())
    return 100 * c / n

def ensemble(Vs, wishable, n):
    c = 0
    for train, test in train_test(n, wishable):
        sc = sr = 0
        for V in Vs:
            g = (V["chosen"][train] - V["rejected"][train]).mean(0)
            s = np.std(V["chosen"][train] @ g - V["rejected"][train] @ g)
            sc = sc + V["chosen"][test] @ g / s
            sr = sr + V["rejected"][test] @ g / s
        c += int((sc > sr).sum())
    return 100 * c / n

if __name__ == "__main__":
    main()
