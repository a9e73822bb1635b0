package org.wishledger.testnet.local;

import java.util.Arrays;
import java.util.List;

/**
 * The JIT flags of the node processes a local testnet starts: smaller C2 compilation units.
 *
 * <p>Why: a local testnet runs four node JVMs on one machine, each compiling the same code. Measured on
 * 2 cores (docs/benchmarks.md, "Throughput and the cold first run"): with the JDK's defaults the C2
 * compiler threads of the four nodes used 15 s of CPU during the first 20 s of load at 1,000 wishes/s and
 * still 8 s in a 20 s run a minute later, CPU the nodes' own work needed; capping inlining
 * ({@code FreqInlineSize}, {@code InlineSmallCode}, {@code MaxInlineLevel}) cut that to 9 s and 4 s, at a
 * small cost in the signature code's peak speed. A node on its own machine needs none of this.
 *
 * <p>{@code WISHLEDGER_NODE_JIT_FLAGS} replaces them (space-separated; empty for the JDK's defaults).
 */
public final class NodeJitFlags {
    public static final String ENV = "WISHLEDGER_NODE_JIT_FLAGS";
    public static final List<String> DEFAULT = List.of("-XX:FreqInlineSize=100", "-XX:InlineSmallCode=1000",
            "-XX:MaxInlineLevel=9");

    private NodeJitFlags() {
    }

    public static List<String> fromEnvironment() {
        String override = System.getenv(ENV);
        if (override == null) {
            return DEFAULT;
        }
        return Arrays.stream(override.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
    }
}
