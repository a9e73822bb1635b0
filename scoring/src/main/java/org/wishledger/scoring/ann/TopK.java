package org.wishledger.scoring.ann;

import java.util.Arrays;

/**
 * The admitted set of one gate query: the rows whose score reaches {@code threshold}, and of those at most the
 * {@code k} best ({@code k = 0}: no limit). A min-heap when k > 0 (the root is the weakest admitted row, so the
 * admission bar rises as the heap fills), a plain growing list otherwise. Same rule as the exact gate in
 * {@code Scorer}: a row scoring equal to the weakest held row does not displace it (ties at the top-k boundary keep
 * the row offered first). Caller-owned and reused: a steady query
 * loop allocates nothing once the arrays have grown to the largest gate seen.
 */
public final class TopK {
    private float[] scores = new float[64];
    private int[] rows = new int[64];
    private int size;
    private int k;
    private float threshold;

    /** Starts a new query. */
    public void reset(int k, float threshold) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0");
        }
        this.k = k;
        this.threshold = threshold;
        this.size = 0;
        if (k > rows.length) {
            rows = new int[k];
            scores = new float[k];
        }
    }

    /** A score below this cannot enter: the threshold, or (once k rows are held) just above the weakest. */
    public float bar() {
        return k > 0 && size == k ? Math.max(threshold, Math.nextUp(scores[0])) : threshold;
    }

    /** Offers a row; the caller may skip rows whose score is below {@link #bar()} (they would be refused). */
    public void offer(int row, float score) {
        if (score < threshold) {
            return;
        }
        if (k == 0) {
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, size * 2);
                scores = Arrays.copyOf(scores, size * 2);
            }
            rows[size] = row;
            scores[size++] = score;
        } else if (size < k) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (scores[parent] <= score) {
                    break;
                }
                scores[i] = scores[parent];
                rows[i] = rows[parent];
                i = parent;
            }
            scores[i] = score;
            rows[i] = row;
        } else if (score > scores[0]) {
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= k) {
                    break;
                }
                if (child + 1 < k && scores[child + 1] < scores[child]) {
                    child++;
                }
                if (scores[child] >= score) {
                    break;
                }
                scores[i] = scores[child];
                rows[i] = rows[child];
                i = child;
            }
            scores[i] = score;
            rows[i] = row;
        }
    }

    /** Rows admitted so far (in heap order, not sorted). */
    public int size() {
        return size;
    }

    public int row(int i) {
        return rows[i];
    }

    public float score(int i) {
        return scores[i];
    }

    /** The admitted rows, valid for the first {@link #size()} entries (do not modify). */
    public int[] rows() {
        return rows;
    }
}
