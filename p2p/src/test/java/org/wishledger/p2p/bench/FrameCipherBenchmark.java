package org.wishledger.p2p.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wishledger.p2p.secure.FrameCipher;

/** Cost of sealing one frame with Bouncy Castle's ChaCha20-Poly1305 (the link's per-message crypto). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCipherBenchmark {
    @Param({"300", "65536"})
    int size;

    private FrameCipher sealer;
    private byte[] plain;
    private byte[] out;

    @Setup
    public void setup() {
        sealer = new FrameCipher(new byte[32], true);
        plain = new byte[size];
        out = new byte[size + FrameCipher.TAG_BYTES];
    }

    @Benchmark
    public int seal() {
        return sealer.seal(plain, 0, plain.length, out, 0);
    }
}
