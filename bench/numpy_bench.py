#!/usr/bin/env python3
"""numpy side of docs/benchmarks-scoring.md: the same scenario matrix and prompts as the JMH ScoringBench.

Reads the first N x 384 float32 of DIR/store/scenario.f32 (written by org.wishledger.scoring.bench.BenchData) and
DIR/queries-64.f32, then times, on THREADS BLAS threads:
  W @ q            one prompt (the gate's similarity pass)          + argpartition top-32 (what the gate needs)
  W @ Q            64 prompts in one GEMM, per prompt
Usage: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_bench.py [DIR] [N] [THREADS]
"""
import os
import sys

DIR = sys.argv[1] if len(sys.argv) > 1 else "/tmp/wl-bench"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
THREADS = sys.argv[3] if len(sys.argv) > 3 else "1"
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = THREADS  # must be set before numpy loads its BLAS

import time  # noqa: E402
import numpy as np  # noqa: E402

D = 384
W = np.fromfile(os.path.join(DIR, "store", "scenario.f32"), dtype="<f4", count=N * D).reshape(N, D)
Q = np.fromfile(os.path.join(DIR, "queries-64.f32"), dtype="<f4").reshape(-1, D)
W = np.ascontiguousarray(W)
_ = W.sum()  # touch every page once


CLOCK = time.thread_time if os.environ.get("WL_CLOCK", "cpu") == "cpu" else time.perf_counter


def best_and_median(fn, repeats):
    # thread CPU time by default (WL_CLOCK=wall for wall time): on a shared machine it leaves out the time this
    # thread waited for a core; with one BLAS thread the work runs on this thread. KernelProbe does the same.
    times = []
    for _ in range(repeats):
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    times.sort()
    return times[0], times[len(times) // 2]


def gemv():
    return W @ Q[0]


def gemv_topk():
    s = W @ Q[1]
    return np.argpartition(s, -32)[-32:]


def gemm():
    return W @ Q.T


print(f"numpy {np.__version__}, BLAS threads {THREADS}, W {W.shape} float32 ({W.nbytes / 1e9:.3f} GB), "
      f"{'thread CPU' if CLOCK is time.thread_time else 'wall'} time")
for name, fn, reps, per in (("W @ q", gemv, 15, 1), ("W @ q + top-32", gemv_topk, 15, 1),
                            ("W @ Q (64)", gemm, 5, Q.shape[0])):
    fn()
    best, median = best_and_median(fn, reps)
    line = f"{name:16s} best {best * 1e3:8.1f} ms  median {median * 1e3:8.1f} ms"
    if per > 1:
        line += f"  -> per prompt: best {best * 1e3 / per:6.2f} ms, median {median * 1e3 / per:6.2f} ms"
    else:
        line += f"  ({W.nbytes / best / 1e9:5.1f} GB/s at best)"
    print(line)
