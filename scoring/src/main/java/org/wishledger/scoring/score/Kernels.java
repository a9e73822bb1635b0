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
    static float dot(MemorySegment seg, long off, float[] q, int dims) {
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

    /** q . row for an int8 row (without its scale: multiply the result by the row's scale). */
    static float dotInt8(MemorySegment seg, long off, float[] q, int dims) {
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
     * The 16 dot products of 4 consecutive rows (at {@code off}, {@code off + stride}, ...) with 4 queries, written to
     * {@code out[4 * row + query]}. Register-blocked: each loaded row vector is used 4 times and each query vector 4
     * times, which turns the batched gate from memory-bound into FMA-bound. Requires dims % F.length() == 0 (the
     * caller falls back to {@link #dot} otherwise).
     */
    static void dot4x4(MemorySegment seg, long off, long stride, float[] q0, float[] q1, float[] q2, float[] q3,
                       int dims, float[] out) {
        int lanes = F.length();
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        long o1 = off + stride;
        long o2 = o1 + stride;
        long o3 = o2 + stride;
        for (int i = 0; i < dims; i += lanes) {
            FloatVector y0 = FloatVector.fromArray(F, q0, i);
            FloatVector y1 = FloatVector.fromArray(F, q1, i);
            FloatVector y2 = FloatVector.fromArray(F, q2, i);
            FloatVector y3 = FloatVector.fromArray(F, q3, i);
            long b = 4L * i;
            FloatVector x = FloatVector.fromMemorySegment(F, seg, off + b, ORDER);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            c02 = x.fma(y2, c02);
            c03 = x.fma(y3, c03);
            x = FloatVector.fromMemorySegment(F, seg, o1 + b, ORDER);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            c12 = x.fma(y2, c12);
            c13 = x.fma(y3, c13);
            x = FloatVector.fromMemorySegment(F, seg, o2 + b, ORDER);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            c22 = x.fma(y2, c22);
            c23 = x.fma(y3, c23);
            x = FloatVector.fromMemorySegment(F, seg, o3 + b, ORDER);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            c32 = x.fma(y2, c32);
            c33 = x.fma(y3, c33);
        }
        out[0] = c00.reduceLanes(VectorOperators.ADD);
        out[1] = c01.reduceLanes(VectorOperators.ADD);
        out[2] = c02.reduceLanes(VectorOperators.ADD);
        out[3] = c03.reduceLanes(VectorOperators.ADD);
        out[4] = c10.reduceLanes(VectorOperators.ADD);
        out[5] = c11.reduceLanes(VectorOperators.ADD);
        out[6] = c12.reduceLanes(VectorOperators.ADD);
        out[7] = c13.reduceLanes(VectorOperators.ADD);
        out[8] = c20.reduceLanes(VectorOperators.ADD);
        out[9] = c21.reduceLanes(VectorOperators.ADD);
        out[10] = c22.reduceLanes(VectorOperators.ADD);
        out[11] = c23.reduceLanes(VectorOperators.ADD);
        out[12] = c30.reduceLanes(VectorOperators.ADD);
        out[13] = c31.reduceLanes(VectorOperators.ADD);
        out[14] = c32.reduceLanes(VectorOperators.ADD);
        out[15] = c33.reduceLanes(VectorOperators.ADD);
    }

    /** Scalar dot of a heap query with a double vector (mean mode: O(dims), below a microsecond). */
    static double dot(double[] c, float[] q) {
        double s = 0;
        for (int i = 0; i < q.length; i++) {
            s += c[i] * q[i];
        }
        return s;
    }
}
