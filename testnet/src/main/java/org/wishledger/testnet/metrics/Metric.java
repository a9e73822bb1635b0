package org.wishledger.testnet.metrics;

/** One metric family as Prometheus sees it: a name, a help line, a type and its samples. */
public sealed interface Metric permits Counter, CounterFamily, Gauge, Histogram {

    String name();

    String help();

    /** Prometheus type keyword: counter, gauge or histogram. */
    String type();

    /** Appends the sample lines (without HELP/TYPE) in Prometheus text format 0.0.4. */
    void appendSamples(StringBuilder out);
}
