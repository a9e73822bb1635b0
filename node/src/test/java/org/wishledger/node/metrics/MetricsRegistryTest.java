package org.wishledger.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {

    @Test
    void rendersEveryKindInPrometheusTextFormat() {
        MetricsRegistry r = new MetricsRegistry();
        r.counter("a_total", "things").add(3);
        CounterFamily byCode = r.counterFamily("rejected_total", "by code", "code");
        byCode.labels("BAD_NONCE").increment();
        byCode.labels("BAD_NONCE").increment();
        byCode.labels("FEE_TOO_LOW").increment();
        r.gauge("height", "h").set(42);
        AtomicLong pool = new AtomicLong(7);
        r.gauge("pool", "p", pool::get);
        Histogram h = r.histogram("interval_seconds", "iv", 0.5, 1, 2);
        h.observe(0.2);
        h.observe(0.5);   // le is inclusive
        h.observe(1.5);
        h.observe(10);
        pool.set(9);
        // client_java's text format: families in name order, values as doubles, le bounds as doubles
        assertEquals("""
                # HELP a_total things
                # TYPE a_total counter
                a_total 3.0
                # HELP height h
                # TYPE height gauge
                height 42.0
                # HELP interval_seconds iv
                # TYPE interval_seconds histogram
                interval_seconds_bucket{le="0.5"} 2
                interval_seconds_bucket{le="1.0"} 2
                interval_seconds_bucket{le="2.0"} 3
                interval_seconds_bucket{le="+Inf"} 4
                interval_seconds_count 4
                interval_seconds_sum 12.2
                # HELP pool p
                # TYPE pool gauge
                pool 9.0
                # HELP rejected_total by code
                # TYPE rejected_total counter
                rejected_total{code="BAD_NONCE"} 2.0
                rejected_total{code="FEE_TOO_LOW"} 1.0
                """, r.render());
        assertEquals(4, h.count());
        assertEquals(12.2, h.sum(), 1e-9);
    }

    @Test
    void labelValuesAreEscaped() {
        MetricsRegistry r = new MetricsRegistry();
        r.counterFamily("x_total", "x", "route").labels("a\"b\\c\nd").increment();
        assertTrue(r.render().contains("x_total{route=\"a\\\"b\\\\c\\nd\"} 1.0\n"), r.render());
    }

    @Test
    void misuseFailsFast() {
        MetricsRegistry r = new MetricsRegistry();
        r.counter("dup_total", "d");
        assertThrows(IllegalArgumentException.class, () -> r.counter("dup_total", "again"));
        assertThrows(IllegalArgumentException.class, () -> r.counter("bad-name_total", "x"));
        assertThrows(IllegalArgumentException.class, () -> r.counter("no_suffix", "x"));
        assertThrows(IllegalArgumentException.class, () -> r.counter("c_total", "x").add(-1));
        assertThrows(IllegalArgumentException.class, () -> r.histogram("h", "x"));
        assertThrows(IllegalStateException.class, () -> r.gauge("g", "x", () -> 1).set(2));
    }

    @Test
    void nodeMetricsRegisterTheDocumentedSeries() {
        MetricsRegistry r = new MetricsRegistry();
        NodeMetrics m = new NodeMetrics(r);
        NodeMetrics.bind(r, () -> 5, () -> 500, () -> 3);
        m.height.set(10);
        m.rejected(org.wishledger.ledger.proto.ErrorCode.MEMPOOL_FULL);
        m.blockInterval.observe(0.3);
        String text = r.render();
        for (String line : new String[]{"wishledger_height 10.0", "wishledger_mempool_txs 5.0",
                "wishledger_mempool_bytes 500.0", "wishledger_peers 3.0",
                "wishledger_txs_rejected_total{code=\"MEMPOOL_FULL\"} 1.0",
                "wishledger_block_interval_seconds_count 1"}) {
            assertTrue(text.contains(line + "\n"), line + " missing in\n" + text);
        }
    }
}
