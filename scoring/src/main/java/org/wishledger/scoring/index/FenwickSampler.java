package org.wishledger.scoring.index;

import java.util.Arrays;

/**
 * Weighted sampling with updates: a Fenwick (binary indexed) tree over non-negative weights gives prefix sums, point
 * updates (an endorsement) and "the row whose cumulative weight interval holds u" in O(log n) each, without
 * rebuilding (an alias table samples in O(1) but must be rebuilt after every weight change).
 */
public final class FenwickSampler {
    private double[] tree = new double[1 << 10]; // 1-based; length is a power of two
    private double[] weights = new double[1 << 10];
    private int size;
    private double total;

    public int size() {
        return size;
    }

    public double total() {
        return total;
    }

    public double weight(int row) {
        return row < size ? weights[row] : 0;
    }

    /** Sets the weight of {@code row}, growing the tree to hold it (rows never seen have weight 0). */
    public void set(int row, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and >= 0: " + weight);
        }
        if (row >= tree.length - 1) {
            grow(row + 2);
        }
        if (row >= size) {
            size = row + 1;
        }
        double delta = weight - weights[row];
        if (delta == 0) {
            return;
        }
        weights[row] = weight;
        total += delta;
        for (int i = row + 1; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }

    /** Rebuilds the tree in O(n) at twice the needed size (amortised; weights are kept, vectors untouched). */
    private void grow(int minLength) {
        int length = tree.length;
        while (length < minLength) {
            length <<= 1;
        }
        weights = Arrays.copyOf(weights, length);
        tree = new double[length];
        for (int i = 1; i < length; i++) {
            tree[i] += weights[i - 1];
            int parent = i + (i & -i);
            if (parent < length) {
                tree[parent] += tree[i];
            }
        }
    }

    /**
     * The row r such that prefix(r) <= u < prefix(r + 1), for u in [0, total): a draw with probability
     * weight(r) / total when u is uniform. Rows of weight 0 are never returned.
     */
    public int find(double u) {
        int pos = 0;
        for (int step = Integer.highestOneBit(tree.length - 1); step > 0; step >>= 1) {
            int next = pos + step;
            if (next < tree.length && tree[next] <= u) {
                pos = next;
                u -= tree[next];
            }
        }
        // pos = number of rows whose cumulative weight is <= u; guard against rounding past the last row
        int row = Math.min(pos, size - 1);
        while (row > 0 && weights[row] == 0) {
            row--; // rounding at the very top of [0, total) can land on a trailing zero-weight row
        }
        return row;
    }
}
