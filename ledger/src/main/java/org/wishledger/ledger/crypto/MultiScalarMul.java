package org.wishledger.ledger.crypto;

import java.util.Arrays;

/**
 * Sum of many scalar multiples, sum(k_i P_i), by Pippenger's bucket method with signed digits. This is
 * what makes batch verification cheaper than one verification at a time: the ~255 doublings are
 * shared by every point, and each point costs one addition per c-bit window instead of one per bit
 * or so.
 *
 * <p>Scalars are any 256-bit values as eight little-endian 32-bit words. Variable time (public data
 * only). Not thread-safe: owns its buckets and scratch, which grow to the largest batch seen.
 */
public final class MultiScalarMul {
    private static final int SCALAR_BITS = 256;

    private final EdwardsArithmetic ops;
    private final EdwardsPoint running = new EdwardsPoint();
    private final EdwardsPoint windowSum = new EdwardsPoint();
    private EdwardsPoint[] buckets = new EdwardsPoint[0];
    private boolean[] bucketUsed = new boolean[0];
    private CachedPoint[] cached = new CachedPoint[0];
    private CachedPoint[] negated = new CachedPoint[0];
    private int[] digits = new int[0];

    public MultiScalarMul(EdwardsArithmetic ops) {
        this.ops = ops;
    }

    /** r = sum over i < n of scalars[i] * points[i]. The points are only read. */
    public void multiply(EdwardsPoint[] points, int[][] scalars, int n, EdwardsPoint r) {
        int c = windowBits(n);
        int windows = (SCALAR_BITS + c - 1) / c + 1; // one more for the last digit's carry
        int bucketCount = 1 << (c - 1);
        ensureCapacity(n, windows, bucketCount);
        int top = recode(scalars, n, c, windows);
        for (int i = 0; i < n; i++) {
            ops.toCached(points[i], cached[i]);
            negated[i].setNegated(cached[i]);
        }

        r.setIdentity();
        boolean resultEmpty = true;
        for (int w = top; w >= 0; w--) {
            if (!resultEmpty) {
                for (int i = 0; i < c; i++) {
                    ops.dbl(r, r);
                }
            }
            Arrays.fill(bucketUsed, 0, bucketCount, false);
            for (int i = 0; i < n; i++) {
                int digit = digits[i * windows + w];
                if (digit == 0) {
                    continue;
                }
                int b = Math.abs(digit) - 1;
                if (!bucketUsed[b]) {
                    if (digit > 0) {
                        buckets[b].set(points[i]);
                    } else {
                        buckets[b].setNegated(points[i]);
                    }
                    bucketUsed[b] = true;
                } else {
                    ops.add(buckets[b], digit > 0 ? cached[i] : negated[i], buckets[b]);
                }
            }
            if (sumBuckets(bucketCount)) {
                if (resultEmpty) {
                    r.set(windowSum);
                    resultEmpty = false;
                } else {
                    ops.add(r, windowSum, r);
                }
            }
        }
    }

    /** windowSum = sum of (b + 1) * buckets[b], by running sums from the top; false when all are empty. */
    private boolean sumBuckets(int bucketCount) {
        boolean runningEmpty = true;
        boolean sumEmpty = true;
        for (int b = bucketCount - 1; b >= 0; b--) {
            if (bucketUsed[b]) {
                if (runningEmpty) {
                    running.set(buckets[b]);
                    runningEmpty = false;
                } else {
                    ops.add(running, buckets[b], running);
                }
            }
            if (!runningEmpty) {
                if (sumEmpty) {
                    windowSum.set(running);
                    sumEmpty = false;
                } else {
                    ops.add(windowSum, running, windowSum);
                }
            }
        }
        return !sumEmpty;
    }

    /**
     * Signed base-2^c digits in (-2^(c-1), 2^(c-1)], least significant window first; returns the highest
     * window holding a non-zero digit (or 0).
     */
    private int recode(int[][] scalars, int n, int c, int windows) {
        int half = 1 << (c - 1);
        int top = 0;
        for (int i = 0; i < n; i++) {
            int carry = 0;
            for (int w = 0; w < windows; w++) {
                int value = bits(scalars[i], w * c, c) + carry;
                carry = value > half ? 1 : 0;
                value -= carry << c;
                digits[i * windows + w] = value;
                if (value != 0 && w > top) {
                    top = w;
                }
            }
        }
        return top;
    }

    private static int bits(int[] words, int position, int count) {
        int word = position >>> 5;
        if (word >= 8) {
            return 0;
        }
        int shift = position & 31;
        long v = (words[word] & 0xFFFFFFFFL) >>> shift;
        if (shift + count > 32 && word + 1 < 8) {
            v |= (words[word + 1] & 0xFFFFFFFFL) << (32 - shift);
        }
        return (int) (v & ((1L << count) - 1));
    }

    /** The window width minimising (windows) x (points + bucket work), the two costs of each window. */
    static int windowBits(int n) {
        int best = 2;
        long bestCost = Long.MAX_VALUE;
        for (int c = 2; c <= 12; c++) {
            long cost = (long) ((SCALAR_BITS + c - 1) / c) * (n + (1L << c));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    private void ensureCapacity(int n, int windows, int bucketCount) {
        if (buckets.length < bucketCount) {
            buckets = grow(buckets, bucketCount);
            bucketUsed = new boolean[bucketCount];
        }
        if (cached.length < n) {
            CachedPoint[] c = Arrays.copyOf(cached, n);
            CachedPoint[] m = Arrays.copyOf(negated, n);
            for (int i = cached.length; i < n; i++) {
                c[i] = new CachedPoint();
                m[i] = new CachedPoint();
            }
            cached = c;
            negated = m;
        }
        if (digits.length < n * windows) {
            digits = new int[n * windows];
        }
    }

    private static EdwardsPoint[] grow(EdwardsPoint[] old, int size) {
        EdwardsPoint[] bigger = Arrays.copyOf(old, size);
        for (int i = old.length; i < size; i++) {
            bigger[i] = new EdwardsPoint();
        }
        return bigger;
    }
}
