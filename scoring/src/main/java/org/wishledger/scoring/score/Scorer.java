package org.wishledger.scoring.score;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.wishledger.scoring.index.FenwickSampler;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.scoring.store.Column;
import org.wishledger.scoring.store.VectorStore;

/**
 * The reward for (prompt, response) pairs over a {@link WishIndex}, given unit prompt and response vectors.
 *
 * <ul>
 *   <li>gated: pass 1 scans every scenario vector once for the whole batch and keeps, per prompt, the wishes that
 *       pass the gate (cos >= threshold, weight > 0, among the top k); pass 2 computes each gated wish's stance
 *       {@code cos(r, desired) - cos(r, undesired)} (the stored undesired vector is zero when the wish has none)
 *       and the weighted mean, count, weight, coverage and weighted p10/p50/p90.</li>
 *   <li>sampled: K draws with probability proportional to weight from the index's Fenwick tree, seeded with
 *       splitmix64; plain mean of the drawn stances (the draw already weights them).</li>
 *   <li>mean: {@code r . (sum w d - sum w u) / sum w}, the ungated weighted mean of stances, in O(dims).</li>
 * </ul>
 *
 * Stateless apart from the index: the caller owns the {@link ScoreScratch} (one per thread) and the
 * {@link ScoreResult}s, so a steady loop allocates nothing.
 */
public final class Scorer {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /**
     * Rows per block of the batched gate (a multiple of 4 and 6): the block's partial scores (120 x 64 floats) and
     * rows stay in cache while the micro-kernels walk it. Measured on the 2-vCPU Zen 4 with 10^6 x 384 and 64
     * prompts: 60-120 rows best; 6-row micro-kernels 20% faster than 4-row ones; k-blocking (KCHUNK, components per
     * pass) did not help at 384 dimensions, so it is off by default (0 = all components in one pass).
     */
    private static final int ROW_BLOCK = Integer.getInteger("wishledger.scoring.rowBlock", 120);
    private static final int K_CHUNK = Integer.getInteger("wishledger.scoring.kChunk", 0);
    private final WishIndex index;
    private final VectorStore store;
    private final int dims;

    public Scorer(WishIndex index) {
        this.index = index;
        this.store = index.store();
        this.dims = index.dimensions();
    }

    public WishIndex index() {
        return index;
    }

    /** Scores one (prompt, response) pair. */
    public void score(float[] prompt, float[] response, ScoreParams params, ScoreScratch scratch, ScoreResult out) {
        checkVector(prompt, "prompt");
        checkVector(response, "response");
        switch (params.mode()) {
            case GATED -> {
                scratch.ensure(1, params.k());
                int rows = visibleRows();
                resetGate(scratch, 1);
                if (approximateGate(prompt, 0, params, scratch)) {
                    // admitted through the IVF
                } else if (params.int8()) {
                    gateInt8(prompt, 0, rows, params, scratch);
                } else {
                    gateSingle(prompt, 0, rows, params, scratch);
                }
                finishGated(response, 0, params, scratch, out);
            }
            case SAMPLED -> sampled(response, params, scratch, out);
            case MEAN -> mean(response, params, out);
        }
    }

    /**
     * The gate alone, for judges that form each wish's verdict themselves (the LLM judge): runs pass 1 for one
     * prompt and copies the admitted rows into {@code rowsOut} (grown if too small; returned). Row order is not
     * specified. Only for {@link ScoreMode#GATED}.
     *
     * @return the rows array, with {@code scratch.admittedCount()} valid entries
     */
    public int[] admit(float[] prompt, ScoreParams params, ScoreScratch scratch, int[] rowsOut) {
        checkVector(prompt, "prompt");
        if (params.mode() != ScoreMode.GATED) {
            throw new IllegalArgumentException("only the gated mode admits wishes by prompt, got " + params.mode());
        }
        scratch.ensure(1, params.k());
        resetGate(scratch, 1);
        if (params.int8()) {
            gateInt8(prompt, 0, visibleRows(), params, scratch);
        } else {
            gateSingle(prompt, 0, visibleRows(), params, scratch);
        }
        int n = params.k() > 0 ? scratch.heapSize[0] : scratch.candidateCount[0];
        int[] rows = params.k() > 0 ? scratch.heapRow[0] : scratch.candidates[0];
        int[] out = rowsOut.length >= n ? rowsOut : new int[n];
        System.arraycopy(rows, 0, out, 0, n);
        scratch.admitted = n;
        return out;
    }

    /**
     * Scores {@code n} pairs in one pass over the scenario vectors (an RLAIF batch): each block of rows is read from
     * memory once and visited by every prompt while it is in cache.
     */
    public void scoreBatch(float[][] prompts, float[][] responses, int n, ScoreParams params, ScoreScratch scratch,
                           ScoreResult[] out) {
        if (n < 0 || n > prompts.length || n > responses.length || n > out.length) {
            throw new IllegalArgumentException("batch size " + n + " exceeds the arrays given");
        }
        for (int q = 0; q < n; q++) {
            checkVector(prompts[q], "prompt");
            checkVector(responses[q], "response");
        }
        if (params.mode() != ScoreMode.GATED || n == 1) {
            for (int q = 0; q < n; q++) {
                score(prompts[q], responses[q], params, scratch, out[q]);
            }
            return;
        }
        scratch.ensure(n, params.k());
        int rows = visibleRows();
        resetGate(scratch, n);
        if (approximateGate(prompts[0], 0, params, scratch)) {
            for (int q = 1; q < n; q++) {
                approximateGate(prompts[q], q, params, scratch);
            }
        } else if (params.int8()) {
            for (int q = 0; q < n; q++) {
                gateInt8(prompts[q], q, rows, params, scratch);
            }
        } else {
            gateBlocked(prompts, n, rows, params, scratch);
        }
        for (int q = 0; q < n; q++) {
            finishGated(responses[q], q, params, scratch, out[q]);
        }
    }

    private void checkVector(float[] v, String what) {
        if (v == null || v.length != dims) {
            throw new IllegalArgumentException(what + " vector must have " + dims + " dimensions");
        }
    }

    /** Rows both stored and known to the index (the store may run ahead of the index after a restart). */
    private int visibleRows() {
        return Math.min(store.count(), index.burns().length);
    }

    private static void resetGate(ScoreScratch s, int n) {
        for (int q = 0; q < n; q++) {
            s.heapSize[q] = 0;
            s.candidateCount[q] = 0;
        }
    }

    // ---- pass 1: the gate -------------------------------------------------------------------------------------

    /**
     * Above its size threshold a top-k gate goes through the index's IVF (docs/scoring.md, "Approximate gate at
     * scale"): fills query q's heap with the admitted rows and returns true; false = scan exactly.
     */
    private boolean approximateGate(float[] p, int q, ScoreParams params, ScoreScratch s) {
        org.wishledger.scoring.ann.ApproximateGate gate = index.approximateGate();
        if (gate == null || !gate.usableFor(params.k())) {
            return false;
        }
        gate.search(p, params.k(), params.threshold(), index.burns(), s.ivf);
        org.wishledger.scoring.ann.TopK top = s.ivf.admitted();
        for (int i = 0; i < top.size(); i++) {
            s.heapRow[q][i] = top.row(i);
            s.heapScore[q][i] = top.score(i);
        }
        s.heapSize[q] = top.size();
        return true;
    }

    private void gateSingle(float[] p, int q, int rows, ScoreParams params, ScoreScratch s) {
        Column col = store.scenario();
        MemorySegment[] segs = col.segments();
        long stride = col.strideBytes();
        int perRegion = col.rowsPerRegion();
        long[] burns = index.burns();
        float bar = params.threshold();
        for (int region = 0, base = 0; base < rows; region++, base += perRegion) {
            MemorySegment seg = segs[region];
            int n = Math.min(perRegion, rows - base);
            // one row at a time: measured faster than interleaving 4 rows (which reads 4 streams 1.5 KiB apart)
            for (int j = 0; j < n; j++) {
                float score = Kernels.dot(seg, j * stride, p, dims);
                if (score >= bar && burns[base + j] > 0) {
                    bar = offer(s, q, base + j, score, params);
                }
            }
        }
    }

    private void gateInt8(float[] p, int q, int rows, ScoreParams params, ScoreScratch s) {
        Column col = store.scenarioInt8();
        MemorySegment[] segs = col.segments();
        MemorySegment[] scales = store.scenarioScale().segments();
        long stride = col.strideBytes();
        int perRegion = col.rowsPerRegion();
        long[] burns = index.burns();
        float bar = params.threshold();
        for (int region = 0, base = 0; base < rows; region++, base += perRegion) {
            MemorySegment seg = segs[region];
            MemorySegment scale = scales[region];
            int n = Math.min(perRegion, rows - base);
            for (int j = 0; j < n; j++) {
                float score = Kernels.dotInt8(seg, j * stride, p, dims) * scale.get(FLOAT, 4L * j);
                if (score >= bar && burns[base + j] > 0) {
                    bar = offer(s, q, base + j, score, params);
                }
            }
        }
    }

    /**
     * The batched gate: up to 4 * F.length() prompts (64 with AVX-512) per pass, packed transposed so that the
     * kernel works like a GEMM micro-kernel (see {@link Kernels#rows6xQ4}); larger batches take several passes.
     */
    private void gateBlocked(float[][] prompts, int n, int rows, ScoreParams params, ScoreScratch s) {
        int lanes = Kernels.F.length();
        int maxPerPass = 4 * lanes;
        for (int q0 = 0; q0 < n; q0 += maxPerPass) {
            int m = Math.min(maxPerPass, n - q0);
            int width = m <= lanes ? lanes : maxPerPass;
            float[] qt = s.packedQueries(dims * width);
            for (int d = 0; d < dims; d++) {
                int base = d * width;
                for (int j = 0; j < width; j++) {
                    qt[base + j] = j < m ? prompts[q0 + j][d] : 0f;
                }
            }
            gatePass(prompts, q0, m, width, qt, rows, params, s);
        }
    }

    private void gatePass(float[][] prompts, int q0, int m, int width, float[] qt, int rows, ScoreParams params,
                          ScoreScratch s) {
        Column col = store.scenario();
        MemorySegment[] segs = col.segments();
        long stride = col.strideBytes();
        int perRegion = col.rowsPerRegion();
        long[] burns = index.burns();
        float[] c = s.tile(ROW_BLOCK * width);
        float[] bars = s.bars;
        for (int j = 0; j < m; j++) {
            bars[q0 + j] = params.threshold();
        }
        boolean wide = width > Kernels.F.length();
        for (int region = 0, base = 0; base < rows; region++, base += perRegion) {
            MemorySegment seg = segs[region];
            int regionRows = Math.min(perRegion, rows - base);
            for (int b0 = 0; b0 < regionRows; b0 += ROW_BLOCK) {
                int blockRows = Math.min(ROW_BLOCK, regionRows - b0);
                int group = wide ? 6 : 4;
                int quads = blockRows - blockRows % group;
                java.util.Arrays.fill(c, 0, quads * width, 0f);
                // k-blocking: one chunk of the packed queries stays in L1 while every row group of the block uses it
                int chunk = K_CHUNK > 0 ? K_CHUNK : dims;
                for (int d0 = 0; d0 < dims; d0 += chunk) {
                    int d1 = Math.min(dims, d0 + chunk);
                    for (int j = 0; j < quads; j += group) {
                        if (wide) {
                            Kernels.rows6xQ4(seg, (b0 + j) * stride, stride, qt, d0, d1, c, j * width);
                        } else {
                            Kernels.rows4xQ1(seg, (b0 + j) * stride, stride, qt, d0, d1, c, j * width);
                        }
                    }
                }
                for (int j = 0; j < blockRows; j++) {
                    int row = base + b0 + j;
                    if (burns[row] <= 0) {
                        continue;
                    }
                    for (int g = 0; g < m; g++) {
                        float score = j < quads ? c[j * width + g]
                                : Kernels.dot(seg, (b0 + j) * stride, prompts[q0 + g], dims);
                        if (score >= bars[q0 + g]) {
                            bars[q0 + g] = offer(s, q0 + g, row, score, params);
                        }
                    }
                }
            }
        }
    }

    /** Admits (row, score) to query q's gate and returns the new admission bar. Caller checked score >= bar. */
    private static float offer(ScoreScratch s, int q, int row, float score, ScoreParams params) {
        int k = params.k();
        if (k == 0) {
            s.addCandidate(q, row);
            return params.threshold();
        }
        float[] hs = s.heapScore[q];
        int[] hr = s.heapRow[q];
        int size = s.heapSize[q];
        if (size < k) {
            // sift up into the min-heap
            int i = size;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (hs[parent] <= score) {
                    break;
                }
                hs[i] = hs[parent];
                hr[i] = hr[parent];
                i = parent;
            }
            hs[i] = score;
            hr[i] = row;
            s.heapSize[q] = ++size;
        } else if (score > hs[0]) {
            // replace the minimum and sift down (ties keep the earlier row: deterministic)
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= k) {
                    break;
                }
                if (child + 1 < k && hs[child + 1] < hs[child]) {
                    child++;
                }
                if (hs[child] >= score) {
                    break;
                }
                hs[i] = hs[child];
                hr[i] = hr[child];
                i = child;
            }
            hs[i] = score;
            hr[i] = row;
        }
        return size == k ? Math.max(params.threshold(), Math.nextUp(hs[0])) : params.threshold();
    }

    // ---- pass 2: stances of the gated wishes ---------------------------------------------------------------------

    private void finishGated(float[] r, int q, ScoreParams params, ScoreScratch s, ScoreResult out) {
        int n;
        int[] rows;
        if (params.k() > 0) {
            n = s.heapSize[q];
            rows = s.heapRow[q];
        } else {
            n = s.candidateCount[q];
            rows = s.candidates[q];
        }
        s.ensureStances(n);
        Weighting weighting = params.weighting();
        long[] burns = index.burns();
        long halfLife = params.halfLifeMs();
        long now = index.latestTimeMs();
        float baseline = index.oneSidedBaseline();
        byte[] oneSided = index.oneSidedFlags();
        double sumW = 0;
        double sumWS = 0;
        // plain per-row dots here: Kernels.dot is already compiled hot by the gate pass, while a gate of k rows calls
        // a dedicated multi-row kernel too rarely for C2 to compile it soon (interpreted vector code allocates)
        int i = 0;
        for (; i < n; i++) {
            int row = rows[i];
            float stance = stance(r, row) - baseline * oneSided[row];
            double w = halfLife > 0 ? weighting.weight(burns[row]) * decay(now, index.timeMs(row), halfLife)
                    : weighting.weight(burns[row]);
            s.stances[i] = stance;
            s.weights[i] = w;
            sumW += w;
            sumWS += w * stance;
        }
        double total = index.totalWeight(weighting);
        fill(out, params, n, n == 0 ? 0 : sumWS / sumW, sumW, total, total > 0 ? sumW / total : 0);
        quantiles(out, s, n, sumW);
    }

    /** A row's voting weight under {@code params}: its burn weight, times the recency decay if one is asked for. */
    public double weightOf(int row, ScoreParams params) {
        double w = params.weighting().weight(index.burn(row));
        return params.halfLifeMs() > 0 ? w * decay(index.latestTimeMs(), index.timeMs(row), params.halfLifeMs()) : w;
    }

    /** 2^-(age / halfLife); a wish newer than "now" (clock skew between blocks) counts fully. */
    private static double decay(long nowMs, long thenMs, long halfLifeMs) {
        long age = Math.max(0, nowMs - thenMs);
        return Math.exp(-Math.log(2) * ((double) age / halfLifeMs));
    }

    /**
     * cos(r, desired) - cos(r, undesired) before centring: the undesired row is zero for wishes without one, and the
     * callers subtract {@link WishIndex#oneSidedBaseline()} for those rows ({@link WishIndex#oneSidedFlags()}).
     */
    private float stance(float[] r, int row) {
        Column d = store.desired();
        Column u = store.undesired();
        return Kernels.dot(d.segment(row), d.offset(row), r, dims) - Kernels.dot(u.segment(row), u.offset(row), r, dims);
    }

    // ---- sampled and mean ---------------------------------------------------------------------------------------

    /**
     * K draws proportional to weight. The K uniforms are generated already sorted (normalised cumulative sums of
     * K + 1 exponential variates, the order statistics of K uniforms: same distribution as sorting K iid draws, in
     * O(K) and without a sort). Phase 1 walks the Fenwick tree for each sorted uniform (consecutive walks share their
     * upper path, so it stays in cache); phase 2 reads the drawn rows in ascending address order.
     */
    private void sampled(float[] r, ScoreParams params, ScoreScratch s, ScoreResult out) {
        FenwickSampler sampler = index.sampler(params.weighting());
        double total = sampler.total();
        int k = params.samples();
        if (total <= 0) {
            fill(out, params, 0, 0, 0, 0, 0);
            quantiles(out, s, 0, 0);
            return;
        }
        s.ensureStances(k);
        s.ensureDraws(k);
        long state = params.seed();
        double[] u = s.weights; // cumulative exponentials first, then the stance weights (all 1)
        double cumulative = 0;
        for (int t = 0; t <= k; t++) {
            state += 0x9E3779B97F4A7C15L; // splitmix64
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            cumulative -= Math.log(((z >>> 11) + 1) * 0x1.0p-53); // Exp(1); the +1 keeps log away from 0
            if (t < k) {
                u[t] = cumulative;
            }
        }
        double scale = total / cumulative;
        int[] rows = s.draws;
        for (int t = 0; t < k; t++) {
            rows[t] = sampler.find(u[t] * scale);
        }
        double sum = 0;
        float baseline = index.oneSidedBaseline();
        byte[] oneSided = index.oneSidedFlags();
        int t = 0;
        if (dims % Kernels.F.length() == 0) {
            float[] four = s.stanceQuad;
            Column d = store.desired();
            Column un = store.undesired();
            for (; t + 4 <= k; t += 4) {
                int a = rows[t];
                int b = rows[t + 1];
                int c = rows[t + 2];
                int e = rows[t + 3];
                Kernels.stances4(d.segment(a), d.offset(a), un.segment(a), un.offset(a),
                        d.segment(b), d.offset(b), un.segment(b), un.offset(b),
                        d.segment(c), d.offset(c), un.segment(c), un.offset(c),
                        d.segment(e), d.offset(e), un.segment(e), un.offset(e), r, dims, four);
                for (int i = 0; i < 4; i++) {
                    float stance = four[i] - baseline * oneSided[rows[t + i]];
                    s.stances[t + i] = stance;
                    sum += stance;
                }
            }
        }
        for (; t < k; t++) {
            float stance = stance(r, rows[t]) - baseline * oneSided[rows[t]];
            s.stances[t] = stance;
            sum += stance;
        }
        for (int i = 0; i < k; i++) {
            u[i] = 1;
        }
        fill(out, params, k, sum / k, total, total, 1);
        quantiles(out, s, k, k);
    }

    private void mean(float[] r, ScoreParams params, ScoreResult out) {
        Weighting w = params.weighting();
        double total = index.totalWeight(w);
        // the centroid holds sum w (d - u); the one-sided wishes' centring is b * (their weight) / total
        double reward = total > 0
                ? Kernels.dot(index.stanceCentroid(w), r) - index.oneSidedBaseline() * index.oneSidedWeight(w) / total
                : 0;
        fill(out, params, index.votingCount(), reward, total, total, total > 0 ? 1 : 0);
        out.p10 = Double.NaN;
        out.p50 = Double.NaN;
        out.p90 = Double.NaN;
    }

    private void fill(ScoreResult out, ScoreParams params, int count, double reward, double weight, double total,
                      double coverage) {
        out.reward = reward;
        out.count = count;
        out.weight = weight;
        out.totalWeight = total;
        out.coverage = coverage;
        out.height = index.height();
        out.modelId = index.modelId();
        out.params = params;
    }

    private static void quantiles(ScoreResult out, ScoreScratch s, int n, double totalWeight) {
        if (n == 0 || totalWeight <= 0) {
            out.p10 = Double.NaN;
            out.p50 = Double.NaN;
            out.p90 = Double.NaN;
            return;
        }
        Quantiles.sort(s.stances, s.weights, n);
        out.p10 = Quantiles.quantile(s.stances, s.weights, n, totalWeight, 0.10);
        out.p50 = Quantiles.quantile(s.stances, s.weights, n, totalWeight, 0.50);
        out.p90 = Quantiles.quantile(s.stances, s.weights, n, totalWeight, 0.90);
    }
}
