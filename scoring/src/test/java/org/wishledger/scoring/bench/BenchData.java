package org.wishledger.scoring.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.store.VectorStore;

/**
 * Seeded synthetic wishes for the benchmarks: random unit vectors (xorshift64* seeded per row, uniform in [-1, 1)
 * then normalised) and burns in [1, 10^4], kept in a file-backed {@link VectorStore} under {@code dir/store} so that
 * later runs (each JMH fork) reopen it instead of regenerating, and so that bench/numpy_bench.py reads the very same
 * scenario matrix: the first n x 384 float32 of {@code dir/store/scenario.f32} (little-endian). The prompts are
 * written to {@code dir/queries-64.f32}.
 */
public final class BenchData {
    public static final int DIMS = 384;
    public static final long SEED = 20261127L;
    public static final int QUERIES = 64;

    public final VectorStore store;
    public final WishIndex index;
    public final float[][] prompts;
    public final float[][] responses;

    private long state;

    public BenchData(Path dir, int n) throws IOException {
        store = VectorStore.open(dir.resolve("store"), "bench-random/" + SEED, DIMS);
        float[] s = new float[DIMS];
        float[] d = new float[DIMS];
        float[] u = new float[DIMS];
        for (int i = store.count(); i < n; i++) {
            state = SEED ^ (0x9E3779B97F4A7C15L * (i + 1));
            random(s);
            random(d);
            random(u);
            store.append(id(i), s, d, hasUndesired(i) ? u : null);
            if ((i & 0xffff) == 0) {
                store.flush();
            }
        }
        store.flush();
        index = new WishIndex(store);
        for (int i = 0; i < n; i++) {
            long burn = 1 + Long.remainderUnsigned(0x2545F4914F6CDD1DL * (i + SEED), 10_000);
            index.append(new WishInput(id(i), "", "d", hasUndesired(i) ? "u" : null, burn, i, 1 + i / 1000,
                    List.of()));
        }
        state = SEED;
        prompts = new float[QUERIES][DIMS];
        responses = new float[QUERIES][DIMS];
        ByteBuffer q = ByteBuffer.allocate(4 * DIMS * QUERIES).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < QUERIES; j++) {
            random(prompts[j]);
            random(responses[j]);
            for (float x : prompts[j]) {
                q.putFloat(x);
            }
        }
        Files.write(dir.resolve("queries-" + QUERIES + ".f32"), q.array());
    }

    private static byte[] id(int i) {
        return ByteBuffer.allocate(8).putLong(i).array();
    }

    private static boolean hasUndesired(int i) {
        return i % 4 != 0;
    }

    private long next() {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return x * 0x2545F4914F6CDD1DL;
    }

    private void random(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (next() >>> 40) * 0x1.0p-23f - 1f;
        }
        VectorMath.normalise(v);
    }

    public static Path defaultDir() {
        return Path.of(System.getProperty("wl.bench.dir", "/tmp/wl-bench"));
    }

    /** Generates (or completes) the data set: {@code BenchData [n [dir]]}. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : defaultDir();
        long t0 = System.nanoTime();
        BenchData data = new BenchData(dir, n);
        System.out.printf("%d wishes ready in %s in %.1f s%n", n, dir, (System.nanoTime() - t0) / 1e9);
        data.store.close();
    }
}
