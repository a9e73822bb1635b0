#!/usr/bin/env python3
"""Issue 11: which baseline should a one-sided wish (desired text only) subtract from cos(r, d)? The dev sample's
wishes are nearly all two-sided, so a share f of the training wishes of each fold (seeded) is made one-sided by
dropping its undesired text; the held-out pairs are scored as by the default rule (e5 admits every wish: the
weighted mean stance). Baselines: 0 (the raw cosine, before the fix), the mean pairwise cosine of the wish set's
answer texts (desired and undesired, distinct pairs), and the mean cos(d, u) of the two-sided wishes (what an
answer to the same situation typically scores against the desired one).
usage: reward_onesided.py DUMP_DIR DATA.jsonl.gz [model ...]"""
import sys, numpy as np
sys.path.insert(0, __import__("os").path.dirname(__file__))
from reward_explore import load, pairs, folds

def run(V, wishable, n, f, base, seed):
    rng = np.random.default_rng(seed); c = 0
    for lo, hi in folds(n):
        train = np.array([i for i in range(n) if (i < lo or i >= hi) and wishable[i]])
        test = np.arange(lo, hi)
        D, U = V["chosen"][train], V["rejected"][train].copy()
        one = rng.random(len(train)) < f
        U[one] = 0
        two = ~one & (np.linalg.norm(U, axis=1) > 0)
        if base == "raw":
            b = 0.0
        elif base == "pairwise":
            X = np.vstack([D, U[two]]); s = X.sum(0); N = len(X)
            b = (s @ s - N) / (N * (N - 1))
        else:
            b = float((D[two] * U[two]).sum(1).mean())
        def score(R):
            return (R @ D.T - R @ U.T - b * one[None, :]).mean(1)
        c += int((score(V["chosen"][test]) > score(V["rejected"][test])).sum())
    return 100 * c / n, b

def main():
    dir, data = sys.argv[1], sys.argv[2]
    pr = pairs(data); n = len(pr)
    wishable = np.array([len(ch) > 0 for ch, _ in pr])
    for m in sys.argv[3:] or ["e5-small"]:
        V = load(dir, m, n)
        print(f"== {m}")
        for f in (0.1, 0.3, 0.5):
            row = []
            for base in ("raw", "pairwise", "same-situation"):
                accs = [run(V, wishable, n, f, base, s) for s in range(5)]
                row.append(f"{base} {np.mean([a for a, _ in accs]):5.1f} (b {accs[0][1]:.3f})")
            print(f"  one-sided share {f}: " + "   ".join(row), flush=True)

if __name__ == "__main__":
    main()
