package org.wishledger.scoring.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.ann.ApproximateGate;
import org.wishledger.scoring.store.EmbeddingPipeline;
import org.wishledger.scoring.store.VectorStore;

/**
 * The scoring view of the committed wishes: the vectors (in the {@link VectorStore}, by row), and per row the burn
 * total, block time, height and tags; a {@link FenwickSampler} per {@link Weighting}; and per weighting the weighted
 * sums of desired and undesired vectors (the centroids behind the O(dims) {@code mean} mode). Extended one wish at a
 * time as blocks commit and updated in place by endorsements; nothing is ever rescanned.
 *
 * <p>Row numbers are the store's. After a restart the store already holds the vectors; the node appends the
 * committed wishes again (cheap: no embedding) and rows the index has not been told about have burn 0, so they
 * never vote. A wish whose weight is 0 never votes either: it has no influence to give.
 *
 * <p>Threads: one writer (append, updateWeight, advanceTo). Scoring threads may run concurrently and see a
 * consistent prefix of rows; for a reward pinned to one height, serialise scoring with block application (e.g. a
 * read-write lock in the node).
 */
public final class WishIndex {
    private static final int WEIGHTINGS = Weighting.values().length;

    private final VectorStore store;
    private final ApproximateGate approximateGate; // null: exact gate only
    private final int dims;
    private long[] burn = new long[1024];
    private long[] timeMs = new long[1024];
    private long[] heightOf = new long[1024];
    private boolean[] present = new boolean[1024];
    /** 1 for a wish without an undesired text (its stance is centred by {@link #oneSidedBaseline()}), else 0. */
    private byte[] oneSided = new byte[1024];
    /** Per weighting: sum over voting one-sided wishes of their weight (the mean mode's centring term). */
    private final double[] oneSidedWeight = new double[WEIGHTINGS];
    /** Unweighted sum of every present wish's answer vectors (desired, and undesired where given) and of their squared
     *  norms, and their count: the mean pairwise cosine between distinct answer texts follows in O(dims). */
    private final double[] answerSum;
    private double answerNormSum;
    private long answerCount;
    private volatile float oneSidedBaseline;
    private final List<List<String>> tags = new ArrayList<>();
    private final FenwickSampler[] samplers = new FenwickSampler[WEIGHTINGS];
    private final double[][] desiredSum = new double[WEIGHTINGS][];
    private final double[][] undesiredSum = new double[WEIGHTINGS][];
    private final double[][] stanceSum = new double[WEIGHTINGS][];
    private final float[][] stanceCentroid = new float[WEIGHTINGS][];
    private final float[] scratchD;
    private final float[] scratchU;
    private volatile long height;
    /** Burn totals before and after each endorsement, by row: (height, burn total) pairs in height order. */
    private final Map<Integer, long[]> burnHistory = new HashMap<>();
    private long latestTimeMs = Long.MIN_VALUE;
    private int wishCount;
    private int votingCount;

    public WishIndex(VectorStore store) {
        this(store, null);
    }

    /**
     * An index whose top-k gates go through {@code approximateGate} once it is active (docs/scoring.md,
     * "Approximate gate at scale"); the gate follows every append.
     */
    public WishIndex(VectorStore store, ApproximateGate approximateGate) {
        this.store = store;
        this.approximateGate = approximateGate;
        this.dims = store.dimensions();
        for (int k = 0; k < WEIGHTINGS; k++) {
            samplers[k] = new FenwickSampler();
            desiredSum[k] = new double[dims];
            undesiredSum[k] = new double[dims];
            stanceSum[k] = new double[dims];
            stanceCentroid[k] = new float[dims];
        }
        scratchD = new float[dims];
        scratchU = new float[dims];
        answerSum = new double[dims];
    }

    public VectorStore store() {
        return store;
    }

    /** The approximate gate, or null when this index always scans exactly. */
    public ApproximateGate approximateGate() {
        return approximateGate;
    }

    public String modelId() {
        return store.modelId();
    }

    public int dimensions() {
        return dims;
    }

    /** Highest block height whose wishes (and endorsements) this index includes. */
    public long height() {
        return height;
    }

    /** Wishes appended (rows that may vote). */
    public int wishCount() {
        return wishCount;
    }

    /** Wishes with weight > 0 (the ones that vote). */
    public int votingCount() {
        return votingCount;
    }

    /** Rows the kernels scan: every stored row, voting or not. */
    public int rowCount() {
        return store.count();
    }

    /** Burn totals by row (0 for rows that do not vote); read by the kernels, never written by them. */
    public long[] burns() {
        return burn;
    }

    public long burn(int row) {
        return row < burn.length ? burn[row] : 0;
    }

    public long timeMs(int row) {
        return timeMs[row];
    }

    public long heightOf(int row) {
        return heightOf[row];
    }

    public List<String> tags(int row) {
        List<String> t = row < tags.size() ? tags.get(row) : null;
        return t == null ? List.of() : t;
    }

    public boolean isPresent(int row) {
        return row < present.length && present[row];
    }

    /** Per row: 1 for a wish without an undesired text, 0 otherwise; read by the kernels, never written by them. */
    public byte[] oneSidedFlags() {
        return oneSided;
    }

    /**
     * What a one-sided wish's stance is centred by: {@code cos(r, d) - b} instead of the raw {@code cos(r, d)}. b is
     * the mean cosine between two distinct answer texts (desired and undesired) of the wishes in this index,
     * unweighted: the value {@code cos(r, u)} takes on average for a response r and an undesired text u it is not
     * about, which is what the missing undesired text would have subtracted (measured on the dev sample: 0.781
     * against a gated mean cos(r, u) of 0.779 with e5, 0.507 / 0.507 with bge, 0.067 / 0.093 with MiniLM).
     * Without it a one-sided wish votes e5's cosine floor (~0.78) where a two-sided one votes ~0, so a prompt whose
     * gate admits one-sided wishes gets a reward on another scale. 0 with fewer than two answer texts.
     */
    public float oneSidedBaseline() {
        return oneSidedBaseline;
    }

    /** Sum over voting one-sided wishes of their weight under {@code w} (the mean mode subtracts b times it). */
    public double oneSidedWeight(Weighting w) {
        return oneSidedWeight[w.ordinal()];
    }

    public FenwickSampler sampler(Weighting w) {
        return samplers[w.ordinal()];
    }

    /** Total voting weight under {@code w}. */
    public double totalWeight(Weighting w) {
        return samplers[w.ordinal()].total();
    }

    /** Sum over voting wishes of weight * desired vector (do not modify). */
    public double[] desiredSum(Weighting w) {
        return desiredSum[w.ordinal()];
    }

    /** Sum over voting wishes of weight * undesired vector (zero vectors for wishes without one; do not modify). */
    public double[] undesiredSum(Weighting w) {
        return undesiredSum[w.ordinal()];
    }

    /**
     * desiredSum - undesiredSum, kept alongside (do not modify): the mean reward is r . stanceSum / totalWeight, one
     * dot product.
     */
    public double[] stanceSum(Weighting w) {
        return stanceSum[w.ordinal()];
    }

    /**
     * stanceSum / totalWeight as floats, refreshed by every weight change (O(dims)): the mean reward is one
     * vectorised dot product with it. Do not modify.
     */
    public float[] stanceCentroid(Weighting w) {
        return stanceCentroid[w.ordinal()];
    }

    /** Embeds what the store lacks (see {@link EmbeddingPipeline}) and appends every wish, in order. */
    public void appendAll(List<WishInput> wishes, EmbeddingPipeline pipeline) {
        pipeline.embedMissing(wishes);
        for (WishInput w : wishes) {
            append(w);
        }
    }

    /** Stores the given vectors (unless the store has them) and appends the wish. */
    public int append(WishInput wish, float[] scenario, float[] desired, float[] undesired) {
        store.append(wish.id(), scenario, desired, wish.hasUndesired() ? undesired : null);
        return append(wish);
    }

    /**
     * Appends a wish whose vectors the store already holds (the usual path after a restart: no recomputation).
     *
     * @throws IllegalStateException    if the store has no vectors for it
     * @throws IllegalArgumentException if the wish was appended before
     */
    public int append(WishInput wish) {
        int row = store.rowOf(wish.id());
        if (row < 0) {
            throw new IllegalStateException("wish " + hex(wish.id()) + " has no stored embedding; embed it first");
        }
        ensureCapacity(row + 1);
        if (present[row]) {
            throw new IllegalArgumentException("wish " + hex(wish.id()) + " was already appended");
        }
        present[row] = true;
        addAnswers(row, wish.hasUndesired());
        timeMs[row] = wish.timeMs();
        latestTimeMs = Math.max(latestTimeMs, wish.timeMs());
        heightOf[row] = wish.height();
        while (tags.size() <= row) {
            tags.add(null);
        }
        tags.set(row, wish.tags());
        wishCount++;
        setBurn(row, wish.burnTotal());
        advanceTo(wish.height());
        if (approximateGate != null) {
            approximateGate.sync(); // O(1) per new store row; builds run on the gate's own thread
        }
        return row;
    }

    /** An endorsement: the wish's burn total is now {@code newBurnTotal}. O(dims + log n). */
    public void updateWeight(byte[] id, long newBurnTotal, long atHeight) {
        int row = store.rowOf(id);
        if (row < 0 || !isPresent(row)) {
            throw new IllegalArgumentException("unknown wish " + hex(id));
        }
        if (newBurnTotal < 0) {
            throw new IllegalArgumentException("burn total must be >= 0");
        }
        long[] h = burnHistory.getOrDefault(row, new long[] {heightOf[row], burn[row]});
        h = Arrays.copyOf(h, h.length + 2);
        h[h.length - 2] = Math.max(atHeight, heightOf[row]);
        h[h.length - 1] = newBurnTotal;
        burnHistory.put(row, h);
        setBurn(row, newBurnTotal);
        advanceTo(atHeight);
    }

    /** The wish's burn total as of block {@code h}: 0 before it was committed, then its last value at or before h. */
    public long burnAt(int row, long h) {
        if (!isPresent(row) || heightOf[row] > h) {
            return 0;
        }
        long[] hist = burnHistory.get(row);
        if (hist == null) {
            return burn[row];
        }
        long b = 0;
        for (int i = 0; i < hist.length && hist[i] <= h; i += 2) {
            b = hist[i + 1];
        }
        return b;
    }

    /** Block time of the newest wish in the index (the reference "now" of recency weighting); MIN_VALUE if none. */
    public long latestTimeMs() {
        return latestTimeMs;
    }

    /**
     * The index as it was at block {@code h}: the wishes committed at or before h, with their burn totals as of h,
     * over the same store (no vectors copied). A fresh index built in row order, so the same request at the same
     * height gives the same reward on every node and at any later time, even after endorsements moved the live
     * weights. O(n * dims) to build (the centroids are summed again): a caller pinning a training run to one height
     * should keep the snapshot. Must not run concurrently with the writer (the node holds its read lock).
     *
     * @throws IllegalArgumentException if h is negative or above {@link #height()}
     */
    public WishIndex at(long h) {
        if (h < 0 || h > height) {
            throw new IllegalArgumentException("height " + h + " is not in [0, " + height + "] (the latest)");
        }
        WishIndex snap = new WishIndex(store);
        int rows = Math.min(store.count(), burn.length);
        snap.ensureCapacity(rows);
        for (int row = 0; row < rows; row++) {
            if (!present[row] || heightOf[row] > h) {
                continue;
            }
            snap.present[row] = true;
            snap.addAnswers(row, oneSided[row] == 0);
            snap.timeMs[row] = timeMs[row];
            snap.latestTimeMs = Math.max(snap.latestTimeMs, timeMs[row]);
            snap.heightOf[row] = heightOf[row];
            while (snap.tags.size() <= row) {
                snap.tags.add(null);
            }
            snap.tags.set(row, tags(row));
            snap.wishCount++;
            snap.setBurn(row, burnAt(row, h));
        }
        snap.height = h;
        return snap;
    }

    /** Records that blocks up to {@code h} are included (blocks without wishes still move the height). */
    public void advanceTo(long h) {
        if (h > height) {
            height = h;
        }
    }

    /** Marks the row one-sided or not and adds its answer vectors to the baseline's sums (in row order). */
    private void addAnswers(int row, boolean hasUndesired) {
        oneSided[row] = (byte) (hasUndesired ? 0 : 1);
        store.read(store.desired(), row, scratchD);
        store.read(store.undesired(), row, scratchU);
        for (int i = 0; i < dims; i++) {
            answerSum[i] += scratchD[i] + (hasUndesired ? (double) scratchU[i] : 0);
            answerNormSum += (double) scratchD[i] * scratchD[i]
                    + (hasUndesired ? (double) scratchU[i] * scratchU[i] : 0);
        }
        answerCount += hasUndesired ? 2 : 1;
        if (answerCount >= 2) {
            double sq = 0;
            for (int i = 0; i < dims; i++) {
                sq += answerSum[i] * answerSum[i];
            }
            // sum over ordered pairs i != j of x_i . x_j = |sum x|^2 - sum |x|^2
            oneSidedBaseline = (float) ((sq - answerNormSum) / ((double) answerCount * (answerCount - 1)));
        }
    }

    private void setBurn(int row, long newBurn) {
        long oldBurn = burn[row];
        store.read(store.desired(), row, scratchD);
        store.read(store.undesired(), row, scratchU);
        for (Weighting w : Weighting.values()) {
            int k = w.ordinal();
            double delta = w.weight(newBurn) - w.weight(oldBurn);
            samplers[k].set(row, w.weight(newBurn));
            oneSidedWeight[k] += delta * oneSided[row];
            double[] ds = desiredSum[k];
            double[] us = undesiredSum[k];
            double[] ss = stanceSum[k];
            for (int i = 0; i < dims; i++) {
                ds[i] += delta * scratchD[i];
                us[i] += delta * scratchU[i];
                ss[i] += delta * ((double) scratchD[i] - scratchU[i]);
            }
            double total = samplers[k].total();
            float[] c = stanceCentroid[k];
            for (int i = 0; i < dims; i++) {
                c[i] = total > 0 ? (float) (ss[i] / total) : 0f;
            }
        }
        if (oldBurn == 0 && newBurn > 0) {
            votingCount++;
        } else if (oldBurn > 0 && newBurn == 0) {
            votingCount--;
        }
        burn[row] = newBurn;
    }

    private void ensureCapacity(int rows) {
        if (rows <= burn.length) {
            return;
        }
        int n = Math.max(rows, burn.length * 2);
        burn = Arrays.copyOf(burn, n);
        timeMs = Arrays.copyOf(timeMs, n);
        heightOf = Arrays.copyOf(heightOf, n);
        present = Arrays.copyOf(present, n);
        oneSided = Arrays.copyOf(oneSided, n);
    }

    private static String hex(byte[] id) {
        return java.util.HexFormat.of().formatHex(id);
    }
}
