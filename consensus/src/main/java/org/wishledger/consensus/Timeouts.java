package org.wishledger.consensus;

/**
 * Timeout durations that grow linearly with the round, so that after GST some round's timeouts exceed
 * the (unknown) message delay bound and the round succeeds: duration = base + round x delta.
 */
public record Timeouts(long proposeBaseMs, long proposeDeltaMs, long prevoteBaseMs, long prevoteDeltaMs,
                       long precommitBaseMs, long precommitDeltaMs) {
    /** CometBFT-like defaults for a LAN/WAN testnet. */
    public static final Timeouts DEFAULT = new Timeouts(3000, 500, 1000, 500, 1000, 500);

    public Timeouts {
        if (proposeBaseMs <= 0 || prevoteBaseMs <= 0 || precommitBaseMs <= 0
                || proposeDeltaMs < 0 || prevoteDeltaMs < 0 || precommitDeltaMs < 0) {
            throw new IllegalArgumentException("timeout bases must be positive and deltas non-negative");
        }
    }

    public long duration(TimeoutKind kind, int round) {
        return switch (kind) {
            case PROPOSE -> proposeBaseMs + (long) round * proposeDeltaMs;
            case PREVOTE -> prevoteBaseMs + (long) round * prevoteDeltaMs;
            case PRECOMMIT -> precommitBaseMs + (long) round * precommitDeltaMs;
        };
    }
}
