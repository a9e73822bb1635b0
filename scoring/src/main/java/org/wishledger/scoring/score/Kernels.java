package org.wishledger.scoring.score;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of heap query vectors with rows stored off-heap, with the Vector API. Static, allocation-free once
 * compiled (C2 keeps the vectors in registers). Rows are read with native byte order, as the store writes them.
 */
public final class Kernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Bytes with as many lanes as F, so that one byte load widens to exactly one float vector. */
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private Kernels() {
    }

    /** q . (row of a float column), e.g. a desired vector; for analyses outside the reward loop. */
    public static float dot(org.wishledger.scoring.store.Column column, int row, float[] q) {
        return dot(column.segment(row), column.offset(row), q, q.length);
    }

    /** q . row, the row being {@code dims} floats at byte offset {@code off} of {@code seg}. */
    public static float dot(MemorySegment seg, long off, float[] q, int dims) {
        int lanes = F.length();
        int upper = F.loopBound(dims);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int i = 0;
        // two independent accumulators hide the FMA latency; the loop is memory-bound for a single query
        for (; i + 2 * lanes <= upper; i += 2 * lanes) {
            a0 = FloatVector.fromMemorySegment(F, seg, off + 4L * i, ORDER).fma(FloatVector.fromArray(F, q, i), a0);
            a1 = FloatVector.fromMemorySegment(F, seg, off + 4L * (i + lanes), ORDER)
                    .fma(FloatVector.fromArray(F, q, i + lanes), a1);
        }
        for (; i < upper; i += lanes) {
            a0 = FloatVector.fromMemorySegment(F, seg, off + 4L * i, ORDER).fma(FloatVector.fromArray(F, q, i), a0);
        }
        float s = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; i < dims; i++) {
            s += seg.get(FLOAT, off + 4L * i) * q[i];
        }
        return s;
    }

    /**
     * Stances of 4 wishes anywhere: {@code out[i] = q . d_i - q . u_i} for the desired rows {@code (ds[i], dOff[i])}
     * and undesired rows {@code (us[i], uOff[i])}: eight independent streams of loads in flight for the random-access
     * stance pass of sampled mode. Requires dims % F.length() == 0.
     */
    static void stances4(MemorySegment d0, long e0, MemorySegment u0, long v0, MemorySegment d1, long e1,
                         MemorySegment u1, long v1, MemorySegment d2, long e2, MemorySegment u2, long v2,
                         MemorySegment d3, long e3, MemorySegment u3, long v3, float[] q, int dims, float[] out) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < dims; i += F.length()) {
            FloatVector y = FloatVector.fromArray(F, q, i);
            long b = 4L * i;
            a0 = FloatVector.fromMemorySegment(F, d0, e0 + b, ORDER)
                    .sub(FloatVector.fromMemorySegment(F, u0, v0 + b, ORDER)).fma(y, a0);
            a1 = FloatVector.fromMemorySegment(F, d1, e1 + b, ORDER)
                    .sub(FloatVector.fromMemorySegment(F, u1, v1 + b, ORDER)).fma(y, a1);
            a2 = FloatVector.fromMemorySegment(F, d2, e2 + b, ORDER)
                    .sub(FloatVector.fromMemorySegment(F, u2, v2 + b, ORDER)).fma(y, a2);
            a3 = FloatVector.fromMemorySegment(F, d3, e3 + b, ORDER)
                    .sub(FloatVector.fromMemorySegment(F, u3, v3 + b, ORDER)).fma(y, a3);
        }
        out[0] = a0.reduceLanes(VectorOperators.ADD);
        out[1] = a1.reduceLanes(VectorOperators.ADD);
        out[2] = a2.reduceLanes(VectorOperators.ADD);
        out[3] = a3.reduceLanes(VectorOperators.ADD);
    }

    /** q . row for an int8 row (without its scale: multiply the result by the row's scale). */
    public static float dotInt8(MemorySegment seg, long off, float[] q, int dims) {
        int lanes = F.length();
        int upper = F.loopBound(dims);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        int i = 0;
        for (; i + 2 * lanes <= upper; i += 2 * lanes) {
            FloatVector x0 = (FloatVector) ByteVector.fromMemorySegment(B, seg, off + i, ORDER)
                    .convertShape(VectorOperators.B2F, F, 0);
            FloatVector x1 = (FloatVector) ByteVector.fromMemorySegment(B, seg, off + i + lanes, ORDER)
                    .convertShape(VectorOperators.B2F, F, 0);
            a0 = x0.fma(FloatVector.fromArray(F, q, i), a0);
            a1 = x1.fma(FloatVector.fromArray(F, q, i + lanes), a1);
        }
        for (; i < upper; i += lanes) {
            FloatVector x0 = (FloatVector) ByteVector.fromMemorySegment(B, seg, off + i, ORDER)
                    .convertShape(VectorOperators.B2F, F, 0);
            a0 = x0.fma(FloatVector.fromArray(F, q, i), a0);
        }
        float s = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; i < dims; i++) {
            s += seg.get(BYTE, off + i) * q[i];
        }
        return s;
    }

    /**
     * GEMM-style micro-kernel of the batched gate: adds, for 6 consecutive rows (at {@code off}, {@code off + stride},
     * ...) and up to 4 * F.length() queries (64 with AVX-512), the products over components [d0, d1) to the partial
     * scores {@code c[cOff + r * 4L + j]}. The queries are packed transposed, {@code qt[d * 4L + j]} = query j's
     * component d, so each row component is broadcast and multiplied into 4 vectors of queries: 24 accumulators +
     * 4 query vectors + 1 broadcast = 29 of AVX-512's 32 registers, no horizontal reductions, 10 loads per 24 FMAs.
     * (Measured 20% faster than a 4-row tile. On 16-register AVX2 the tile spills: correct, slower.)
     */
    static void rows6xQ4(MemorySegment seg, long off, long stride, float[] qt, int d0, int d1, float[] c, int cOff) {
        int lanes = F.length();
        int w = 4 * lanes;
        int c1 = cOff + w;
        int c2 = c1 + w;
        int c3 = c2 + w;
        int c4 = c3 + w;
        int c5 = c4 + w;
        FloatVector a00 = FloatVector.fromArray(F, c, cOff);
        FloatVector a01 = FloatVector.fromArray(F, c, cOff + lanes);
        FloatVector a02 = FloatVector.fromArray(F, c, cOff + 2 * lanes);
        FloatVector a03 = FloatVector.fromArray(F, c, cOff + 3 * lanes);
        FloatVector a10 = FloatVector.fromArray(F, c, c1);
        FloatVector a11 = FloatVector.fromArray(F, c, c1 + lanes);
        FloatVector a12 = FloatVector.fromArray(F, c, c1 + 2 * lanes);
        FloatVector a13 = FloatVector.fromArray(F, c, c1 + 3 * lanes);
        FloatVector a20 = FloatVector.fromArray(F, c, c2);
        FloatVector a21 = FloatVector.fromArray(F, c, c2 + lanes);
        FloatVector a22 = FloatVector.fromArray(F, c, c2 + 2 * lanes);
        FloatVector a23 = FloatVector.fromArray(F, c, c2 + 3 * lanes);
        FloatVector a30 = FloatVector.fromArray(F, c, c3);
        FloatVector a31 = FloatVector.fromArray(F, c, c3 + lanes);
        FloatVector a32 = FloatVector.fromArray(F, c, c3 + 2 * lanes);
        FloatVector a33 = FloatVector.fromArray(F, c, c3 + 3 * lanes);
        FloatVector a40 = FloatVector.fromArray(F, c, c4);
        FloatVector a41 = FloatVector.fromArray(F, c, c4 + lanes);
        FloatVector a42 = FloatVector.fromArray(F, c, c4 + 2 * lanes);
        FloatVector a43 = FloatVector.fromArray(F, c, c4 + 3 * lanes);
        FloatVector a50 = FloatVector.fromArray(F, c, c5);
        FloatVector a51 = FloatVector.fromArray(F, c, c5 + lanes);
        FloatVector a52 = FloatVector.fromArray(F, c, c5 + 2 * lanes);
        FloatVector a53 = FloatVector.fromArray(F, c, c5 + 3 * lanes);
        long o1 = off + stride;
        long o2 = o1 + stride;
        long o3 = o2 + stride;
        long o4 = o3 + stride;
        long o5 = o4 + stride;
        for (int d = d0, qi = d0 * w; d < d1; d++, qi += w) {
            FloatVector y0 = FloatVector.fromArray(F, qt, qi);
            FloatVector y1 = FloatVector.fromArray(F, qt, qi + lanes);
            FloatVector y2 = FloatVector.fromArray(F, qt, qi + 2 * lanes);
            FloatVector y3 = FloatVector.fromArray(F, qt, qi + 3 * lanes);
            long b = 4L * d;
            FloatVector x = FloatVector.broadcast(F, seg.get(FLOAT, off + b));
            a00 = y0.fma(x, a00);
            a01 = y1.fma(x, a01);
            a02 = y2.fma(x, a02);
            a03 = y3.fma(x, a03);
            x = FloatVector.broadcast(F, seg.get(FLOAT, o1 + b));
            a10 = y0.fma(x, a10);
            a11 = y1.fma(x, a11);
            a12 = y2.fma(x, a12);
            a13 = y3.fma(x, a13);
            x = FloatVector.broadcast(F, seg.get(FLOAT, o2 + b));
            a20 = y0.fma(x, a20);
            a21 = y1.fma(x, a21);
            a22 = y2.fma(x, a22);
            a23 = y3.fma(x, a23);
            x = FloatVector.broadcast(F, seg.get(FLOAT, o3 + b));
            a30 = y0.fma(x, a30);
            a31 = y1.fma(x, a31);
            a32 = y2.fma(x, a32);
            a33 = y3.fma(x, a33);
            x = FloatVector.broadcast(F, seg.get(FLOAT, o4 + b));
            a40 = y0.fma(x, a40);
            a41 = y1.fma(x, a41);
            a42 = y2.fma(x, a42);
            a43 = y3.fma(x, a43);
            x = FloatVector.broadcast(F, seg.get(FLOAT, o5 + b));
            a50 = y0.fma(x, a50);
            a51 = y1.fma(x, a51);
            a52 = y2.fma(x, a52);
            a53 = y3.fma(x, a53);
        }
        a00.intoArray(c, cOff);
        a01.intoArray(c, cOff + lanes);
        a02.intoArray(c, cOff + 2 * lanes);
        a03.intoArray(c, cOff + 3 * lanes);
        a10.intoArray(c, c1);
        a11.intoArray(c, c1 + lanes);
        a12.intoArray(c, c1 + 2 * lanes);
        a13.intoArray(c, c1 + 3 * lanes);
        a20.intoArray(c, c2);
        a21.intoArray(c, c2 + lanes);
        a22.intoArray(c, c2 + 2 * lanes);
        a23.intoArray(c, c2 + 3 * lanes);
        a30.intoArray(c, c3);
        a31.intoArray(c, c3 + lanes);
        a32.intoArray(c, c3 + 2 * lanes);
        a33.intoArray(c, c3 + 3 * lanes);
        a40.intoArray(c, c4);
        a41.intoArray(c, c4 + lanes);
        a42.intoArray(c, c4 + 2 * lanes);
        a43.intoArray(c, c4 + 3 * lanes);
        a50.intoArray(c, c5);
        a51.intoArray(c, c5 + lanes);
        a52.intoArray(c, c5 + 2 * lanes);
        a53.intoArray(c, c5 + 3 * lanes);
    }

    /**
     * As {@link #rows6xQ4} for 4 rows and up to F.length() queries ({@code qt[d * L + j]},
     * {@code c[cOff + r * L + j]}): batches of 2 to 16 prompts.
     */
    static void rows4xQ1(MemorySegment seg, long off, long stride, float[] qt, int d0, int d1, float[] c, int cOff) {
        int lanes = F.length();
        FloatVector a0 = FloatVector.fromArray(F, c, cOff);
        FloatVector a1 = FloatVector.fromArray(F, c, cOff + lanes);
        FloatVector a2 = FloatVector.fromArray(F, c, cOff + 2 * lanes);
        FloatVector a3 = FloatVector.fromArray(F, c, cOff + 3 * lanes);
        long o1 = off + stride;
        long o2 = o1 + stride;
        long o3 = o2 + stride;
        for (int d = d0, qi = d0 * lanes; d < d1; d++, qi += lanes) {
            FloatVector y = FloatVector.fromArray(F, qt, qi);
            long b = 4L * d;
            a0 = y.fma(FloatVector.broadcast(F, seg.get(FLOAT, off + b)), a0);
            a1 = y.fma(FloatVector.broadcast(F, seg.get(FLOAT, o1 + b)), a1);
            a2 = y.fma(FloatVector.broadcast(F, seg.get(FLOAT, o2 + b)), a2);
            a3 = y.fma(FloatVector.broadcast(F, seg.get(FLOAT, o3 + b)), a3);
        }
        a0.intoArray(c, cOff);
        a1.intoArray(c, cOff + lanes);
        a2.intoArray(c, cOff + 2 * lanes);
        a3.intoArray(c, cOff + 3 * lanes);
    }

    /** c . q for two heap vectors (mean mode: one dot product with the centroid, O(dims)). */
    static float dot(float[] c, float[] q) {
        int upper = F.loopBound(q.length);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i < upper; i += F.length()) {
            acc = FloatVector.fromArray(F, c, i).fma(FloatVector.fromArray(F, q, i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < q.length; i++) {
            s += c[i] * q[i];
        }
        return s;
    }
}
