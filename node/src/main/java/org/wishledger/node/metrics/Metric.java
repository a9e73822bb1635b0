package org.wishledger.node.metrics;

/**
 * One metric family as Prometheus sees it: a name, a help line, a type and its samples. The name, help
 * and type are fixed at registration; subclasses only say how their samples are written.
 */
public abstract sealed class Metric permits Counter, CounterFamily, Gauge, Histogram {
    private final String name;
    private final String help;
    private final String type;

    Metric(String name, String help, String type) {
        this.name = name;
        this.help = help;
        this.type = type;
    }

    public final String name() {
        return name;
    }

    public final String help() {
        return help;
    }

    /** Prometheus type keyword: counter, gauge or histogram. */
    public final String type() {
        return type;
    }

    /** Appends the sample lines (without HELP/TYPE) in Prometheus text format 0.0.4. */
    public abstract void appendSamples(StringBuilder out);
}
