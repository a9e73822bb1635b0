package org.wishledger.node.metrics;

import org.wishledger.ledger.proto.ErrorCode;

/**
 * The node's series, named once here so the node, the RPC and dashboards agree. The node updates
 * them; supplier-backed gauges (mempool, peers) are read at scrape time through {@link #bind}.
 */
public final class NodeMetrics {
    /** Block interval buckets in seconds: local testnets run at 0.1-2 s, a stuck chain shows up in +Inf. */
    private static final double[] BLOCK_INTERVAL_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30};
    /** Txs per verification batch: 1 on an idle node, hundreds when busy (where batching pays). */
    private static final double[] VERIFY_BATCH_BUCKETS = {1, 4, 16, 64, 128, 256, 512};

    public final Gauge height;
    public final Gauge round;
    public final Counter roundsStarted;
    public final Counter blocksCommitted;
    public final Counter txsCommitted;
    public final Counter wishesCommitted;
    public final Counter txsReceived;
    public final CounterFamily txsRejected;
    public final Histogram blockInterval;
    public final Histogram verifyBatchSize;
    public final Counter evidenceStored;

    public NodeMetrics(MetricsRegistry registry) {
        height = registry.gauge("wishledger_height", "Latest committed height");
        round = registry.gauge("wishledger_consensus_round", "Current consensus round at height + 1");
        roundsStarted = registry.counter("wishledger_consensus_rounds_total", "Consensus rounds started");
        blocksCommitted = registry.counter("wishledger_blocks_total", "Blocks committed");
        txsCommitted = registry.counter("wishledger_txs_committed_total", "Transactions committed");
        wishesCommitted = registry.counter("wishledger_wishes_committed_total", "Wishes committed");
        txsReceived = registry.counter("wishledger_txs_received_total", "Transactions offered to the mempool");
        txsRejected = registry.counterFamily("wishledger_txs_rejected_total",
                "Transactions refused, by error code", "code");
        blockInterval = registry.histogram("wishledger_block_interval_seconds",
                "Time between consecutive committed blocks", BLOCK_INTERVAL_BUCKETS);
        verifyBatchSize = registry.histogram("wishledger_verify_batch_txs",
                "Transactions handed to one signature-verification batch", VERIFY_BATCH_BUCKETS);
        evidenceStored = registry.counter("wishledger_evidence_total", "Equivocation evidence stored");
    }

    public void rejected(ErrorCode code) {
        txsRejected.labels(code.name()).increment();
    }

    /** Scrape-time gauges for state owned elsewhere (mempool, peer manager). */
    public static void bind(MetricsRegistry registry, java.util.function.LongSupplier mempoolTxs,
                            java.util.function.LongSupplier mempoolBytes, java.util.function.LongSupplier peers) {
        registry.gauge("wishledger_mempool_txs", "Transactions waiting in the mempool", mempoolTxs);
        registry.gauge("wishledger_mempool_bytes", "Bytes of transactions waiting in the mempool", mempoolBytes);
        registry.gauge("wishledger_peers", "Connected peers", peers);
    }
}
