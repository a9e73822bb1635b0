package org.wishledger.node.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A small Prometheus registry of our own: counters, labelled counters, gauges and histograms,
 * rendered in text format 0.0.4 in registration order. Registering the same name twice is a bug
 * (two owners of one series) and fails fast.
 */
public final class MetricsRegistry {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final List<Metric> metrics = new ArrayList<>();

    public Counter counter(String name, String help) {
        return register(new Counter(checkName(name), help, ""));
    }

    public CounterFamily counterFamily(String name, String help, String labelName) {
        return register(new CounterFamily(checkName(name), help, labelName));
    }

    public Gauge gauge(String name, String help) {
        return register(new Gauge(checkName(name), help, null));
    }

    public Gauge gauge(String name, String help, LongSupplier supplier) {
        return register(new Gauge(checkName(name), help, supplier));
    }

    public Histogram histogram(String name, String help, double... upperBounds) {
        return register(new Histogram(checkName(name), help, upperBounds));
    }

    public synchronized String render() {
        StringBuilder out = new StringBuilder(1024);
        for (Metric m : metrics) {
            out.append("# HELP ").append(m.name()).append(' ').append(escapeHelp(m.help())).append('\n');
            out.append("# TYPE ").append(m.name()).append(' ').append(m.type()).append('\n');
            m.appendSamples(out);
        }
        return out.toString();
    }

    private synchronized <M extends Metric> M register(M metric) {
        for (Metric m : metrics) {
            if (m.name().equals(metric.name())) {
                throw new IllegalArgumentException("metric " + metric.name() + " is already registered");
            }
        }
        metrics.add(metric);
        return metric;
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid Prometheus metric or label name: " + name);
        }
        return name;
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
