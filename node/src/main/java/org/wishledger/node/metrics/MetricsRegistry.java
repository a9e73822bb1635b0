package org.wishledger.node.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The node's metrics: a Prometheus client_java {@link PrometheusRegistry} behind the small vocabulary
 * the node uses (counters, labelled counters, gauges, histograms), rendered in text format 0.0.4 by
 * the library's writer (families in name order). The RPC server serves {@link #render()} on
 * {@code /metrics}; no second HTTP server. Registering the same name twice is a bug (two owners of one
 * series) and fails fast, as does an invalid name.
 */
public final class MetricsRegistry {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    /** client_java accepts a second collector of the same name and then fails at scrape time; we fail here. */
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    /** @param name must end in {@code _total}, the only counter name the text format exposes unchanged */
    public Counter counter(String name, String help) {
        return new Counter(counterBuilder(name, help).register(registry));
    }

    public CounterFamily counterFamily(String name, String help, String labelName) {
        return new CounterFamily(counterBuilder(name, help).labelNames(labelName).register(registry));
    }

    public Gauge gauge(String name, String help) {
        return Gauge.settable(name, io.prometheus.metrics.core.metrics.Gauge.builder()
                .name(claim(name)).help(help).register(registry));
    }

    public Gauge gauge(String name, String help, LongSupplier supplier) {
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder()
                .name(claim(name)).help(help).callback(cb -> cb.call(supplier.getAsLong())).register(registry);
        return Gauge.supplied(name, supplier);
    }

    public Histogram histogram(String name, String help, double... upperBounds) {
        if (upperBounds.length == 0) {
            // the library would silently pick its default (HTTP-latency) buckets
            throw new IllegalArgumentException(name + ": a histogram needs at least one bucket");
        }
        return new Histogram(io.prometheus.metrics.core.metrics.Histogram.builder()
                .name(claim(name)).help(help).classicOnly().classicUpperBounds(upperBounds).register(registry));
    }

    /** The underlying registry, for collectors that come ready-made with client_java. */
    public PrometheusRegistry prometheus() {
        return registry;
    }

    public String render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String claim(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            // client_java 1.x also takes UTF-8 names (and rewrites them for the text format); ours stay classic
            throw new IllegalArgumentException("not a valid Prometheus metric name: " + name);
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("metric " + name + " is already registered");
        }
        return name;
    }

    private io.prometheus.metrics.core.metrics.Counter.Builder counterBuilder(String name, String help) {
        if (name == null || !name.endsWith("_total")) {
            // client_java strips a _total suffix and adds it back; any other name would change on the wire
            throw new IllegalArgumentException("a counter's name must end in _total: " + name);
        }
        return io.prometheus.metrics.core.metrics.Counter.builder().name(claim(name)).help(help);
    }
}
