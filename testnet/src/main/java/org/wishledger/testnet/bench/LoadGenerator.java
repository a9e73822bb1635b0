package org.wishledger.testnet.bench;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.client.wire.EventLoops;
import org.wishledger.client.NativeClient;
import org.wishledger.client.HostPort;
import org.wishledger.testnet.proto.BenchReport;
import org.wishledger.testnet.proto.LatencyMs;

/**
 * Offers a {@link LoadPlan} at a fixed rate (open loop: the schedule does not slow down when the
 * cluster does) over one pipelined native connection per node, each tx asking to be answered when
 * committed. Latency runs from a tx's scheduled send time, not its actual one, so a sender that falls
 * behind does not hide the queueing (no coordinated omission).
 */
public final class LoadGenerator {
    private static final long MAX_LATENCY_US = Duration.ofMinutes(10).toNanos() / 1000;

    private final List<HostPort> nodes;
    private final Consumer<String> progress;

    private final ConcurrentHistogram latencyUs = new ConcurrentHistogram(MAX_LATENCY_US, 3);
    private final LongAdder committed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> rejectedByCode = new ConcurrentHashMap<>();
    private final AtomicLong lastCommitNanos = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>("");

    public LoadGenerator(List<HostPort> nodes, Consumer<String> progress) {
        this.nodes = List.copyOf(nodes);
        this.progress = progress;
    }

    public BenchReport run(LoadPlan plan, double rate, Duration drainTimeout) throws IOException, InterruptedException {
        EventLoopGroup group = EventLoops.create("bench-client", 2);
        List<NativeClient> clients = new ArrayList<>();
        try {
            for (HostPort node : nodes) {
                clients.add(NativeClient.connect(node.host(), node.port(), group));
            }
            return offer(plan, rate, drainTimeout, clients);
        } finally {
            for (NativeClient c : clients) {
                c.close();
            }
            EventLoops.shutdown(group);
        }
    }

    private BenchReport offer(LoadPlan plan, double rate, Duration drainTimeout, List<NativeClient> clients)
            throws InterruptedException {
        List<LoadPlan.Item> items = plan.items();
        long intervalNanos = Math.max(1, Math.round(1e9 / rate));
        long start = System.nanoTime();
        long nextReport = start + 1_000_000_000L;
        long maxLagNanos = 0;
        int sent = 0;
        for (LoadPlan.Item item : items) {
            long scheduled = start + sent * intervalNanos;
            long now = System.nanoTime();
            while (now < scheduled) {
                LockSupport.parkNanos(Math.min(scheduled - now, 200_000));
                now = System.nanoTime();
            }
            maxLagNanos = Math.max(maxLagNanos, now - scheduled);
            clients.get(item.node()).submit(item.tx(), WaitFor.COMMITTED)
                    .whenComplete((response, error) -> record(scheduled, response, error));
            sent++;
            if (now >= nextReport) {
                report(sent, now - start);
                nextReport += 1_000_000_000L;
            }
        }
        long sendEnd = System.nanoTime();
        long drainDeadline = sendEnd + drainTimeout.toNanos();
        while (answered() < sent && System.nanoTime() < drainDeadline) {
            Thread.sleep(100);
            long now = System.nanoTime();
            if (now >= nextReport) {
                report(sent, now - start);
                nextReport += 1_000_000_000L;
            }
        }
        return build(rate, sent, start, sendEnd, maxLagNanos);
    }

    private void record(long scheduledNanos, ClientResponse response, Throwable error) {
        if (error != null) {
            failed.increment();
            firstFailure.compareAndSet("", "connection: " + error.getMessage());
            return;
        }
        switch (response.getResponseCase()) {
            case COMMITTED -> {
                long now = System.nanoTime();
                latencyUs.recordValue(Math.min(MAX_LATENCY_US, Math.max(0, (now - scheduledNanos) / 1000)));
                committed.increment();
                lastCommitNanos.accumulateAndGet(now, Math::max);
            }
            case REJECTED -> {
                rejected.increment();
                rejectedByCode.computeIfAbsent(response.getRejected().getCode().name(), k -> new LongAdder()).increment();
            }
            default -> { // ACCEPTED etc. do not answer a COMMITTED wait
                failed.increment();
                firstFailure.compareAndSet("", "unexpected answer " + response.getResponseCase());
            }
        }
    }

    private long answered() {
        return committed.sum() + rejected.sum() + failed.sum();
    }

    private void report(int sent, long elapsedNanos) {
        progress.accept(String.format("%5.1f s  sent %,d  committed %,d  rejected %,d  failed %,d  in flight %,d",
                elapsedNanos / 1e9, sent, committed.sum(), rejected.sum(), failed.sum(), sent - answered()));
    }

    private BenchReport build(double rate, int sent, long start, long sendEnd, long maxLagNanos) {
        double sendSeconds = Math.max(1e-9, (sendEnd - start) / 1e9);
        long lastCommit = lastCommitNanos.get();
        double commitSeconds = lastCommit == 0 ? 0 : (lastCommit - start) / 1e9;
        Map<String, Long> byCode = new TreeMap<>();
        rejectedByCode.forEach((k, v) -> byCode.put(k, v.sum()));
        long ok = committed.sum();
        return BenchReport.newBuilder()
                .setRate(rate)
                .setOffered(sent)
                .setOfferedTps(sent / sendSeconds)
                .setCommitted(ok)
                .setCommittedTps(commitSeconds > 0 ? ok / commitSeconds : 0)
                .setRejected(rejected.sum())
                .setTimedOut(sent - answered())
                .setFailed(failed.sum())
                .setFirstFailure(firstFailure.get())
                .putAllRejectedByCode(byCode)
                .setLatency(latency())
                .setSendLagMaxMs(maxLagNanos / 1e6)
                .setNodes(nodes.size())
                .build();
    }

    private LatencyMs latency() {
        if (latencyUs.getTotalCount() == 0) {
            return LatencyMs.getDefaultInstance();
        }
        return LatencyMs.newBuilder()
                .setP50(latencyUs.getValueAtPercentile(50) / 1000.0)
                .setP90(latencyUs.getValueAtPercentile(90) / 1000.0)
                .setP99(latencyUs.getValueAtPercentile(99) / 1000.0)
                .setMax(latencyUs.getMaxValue() / 1000.0)
                .setMean(latencyUs.getMean() / 1000.0)
                .build();
    }
}
