package org.wishledger.node.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters that share a name and differ by one label, e.g. rejected txs by error code: one Prometheus
 * counter with one label name. Children are created on first use; the library renders them in label
 * order and escapes label values.
 */
public final class CounterFamily {
    private final io.prometheus.metrics.core.metrics.Counter counter;
    /** Our handles per label value, so a hot path that does not cache its child allocates nothing. */
    private final Map<String, Counter> children = new ConcurrentHashMap<>();

    CounterFamily(io.prometheus.metrics.core.metrics.Counter counter) {
        this.counter = counter;
    }

    /** The counter for one label value; cache it on hot paths. */
    public Counter labels(String labelValue) {
        return children.computeIfAbsent(labelValue, v -> new Counter(counter.labelValues(v)));
    }
}
