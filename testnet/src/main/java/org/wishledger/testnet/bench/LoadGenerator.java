package org.wishledger.testnet.bench;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
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
 *
 * <p>Nodes may die during a run (scripts/soak kills them): a tx whose connection closed before it was
 * answered is sent again, the same signed bytes, to the next node that is up (at most {@link #MAX_SENDS}
 * times; a copy that had already spread answers DUPLICATE and is not acknowledged), and a tx planned for a
 * node that is down goes to the next one that is up. A reconnect thread dials the dead node again with
 * backoff. Re-sending matters because an account's later nonces cannot commit past a lost one.
 */
public final class LoadGenerator {
    private static final long MAX_LATENCY_US = Duration.ofMinutes(10).toNanos() / 1000;
    /** Sends of one tx at most: the first, and re-sends after its node's connection closed unanswered. */
    static final int MAX_SENDS = 3;
    private static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(5).toNanos();

    private final List<HostPort> nodes;
    private final Consumer<String> progress;

    private final ConcurrentHistogram latencyUs = new ConcurrentHistogram(MAX_LATENCY_US, 3);
    private final LongAdder committed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> rejectedByCode = new ConcurrentHashMap<>();
    private final AtomicLong lastCommitNanos = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>("");
    /** Txs (plan indexes) whose connection closed before they were answered; the sender re-sends them. */
    private final Queue<Integer> unanswered = new ConcurrentLinkedQueue<>();
    private final AtomicLong reconnects = new AtomicLong();
    private AtomicReferenceArray<NativeClient> clients;
    /** Per plan index: the height its COMMITTED answer named, 0 while not acknowledged. */
    private AtomicLongArray committedAt = new AtomicLongArray(0);
    private List<LoadPlan.Item> planned = List.of();

    public LoadGenerator(List<HostPort> nodes, Consumer<String> progress) {
        this.nodes = List.copyOf(nodes);
        this.progress = progress;
    }

    public BenchReport run(LoadPlan plan, double rate, Duration drainTimeout) throws IOException, InterruptedException {
        EventLoopGroup group = EventLoops.create("bench-client", 2);
        clients = new AtomicReferenceArray<>(nodes.size());
        Thread reconnector = null;
        try {
            for (int i = 0; i < nodes.size(); i++) {
                clients.set(i, NativeClient.connect(nodes.get(i).host(), nodes.get(i).port(), group));
            }
            reconnector = Thread.ofPlatform().daemon().name("bench-reconnect").start(() -> reconnect(group));
            return offer(plan, rate, drainTimeout);
        } finally {
            if (reconnector != null) {
                reconnector.interrupt();
                reconnector.join();
            }
            for (int i = 0; i < clients.length(); i++) {
                if (clients.get(i) != null) {
                    clients.get(i).close();
                }
            }
            EventLoops.shutdown(group);
        }
    }

    /** Dials every node whose connection is gone, backing off from 0.5 s to 5 s while it stays down. */
    private void reconnect(EventLoopGroup group) {
        long[] backoff = new long[nodes.size()];
        long[] nextTry = new long[nodes.size()];
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < nodes.size(); i++) {
                NativeClient c = clients.get(i);
                long now = System.nanoTime();
                if (c.isOpen() || now < nextTry[i]) {
                    continue;
                }
                try {
                    clients.set(i, NativeClient.connect(nodes.get(i).host(), nodes.get(i).port(), group));
                    c.close();
                    backoff[i] = 0;
                    reconnects.incrementAndGet();
                    progress.accept("reconnected to " + nodes.get(i));
                } catch (IOException down) {
                    backoff[i] = Math.min(MAX_BACKOFF_NANOS, Math.max(500_000_000L, backoff[i] * 2));
                    nextTry[i] = now + backoff[i];
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The connection of the first node that is up, starting at {@code preferred}; null when none is. */
    private NativeClient up(int preferred) {
        for (int k = 0; k < clients.length(); k++) {
            NativeClient c = clients.get((preferred + k) % clients.length());
            if (c.isOpen()) {
                return c;
            }
        }
        return null;
    }

    private void send(int index, long scheduled, byte[] sends) {
        LoadPlan.Item item = planned.get(index);
        NativeClient client = up(item.node());
        sends[index]++;
        if (client == null) {
            failed.increment();
            firstFailure.compareAndSet("", "no node is up");
            return;
        }
        client.submit(item.tx(), WaitFor.COMMITTED).whenComplete((response, error) -> {
            if (error != null) {
                unanswered.add(index); // the sender decides: send again, or count it failed
            } else {
                record(index, scheduled, response);
            }
        });
    }

    /** Sends again, in plan order (an account's nonces in order), the txs whose connection closed unanswered. */
    private void resendUnanswered(long start, long intervalNanos, byte[] sends) {
        if (unanswered.isEmpty()) {
            return;
        }
        List<Integer> again = new ArrayList<>();
        for (Integer i = unanswered.poll(); i != null; i = unanswered.poll()) {
            again.add(i);
        }
        again.sort(null);
        for (int i : again) {
            if (sends[i] >= MAX_SENDS) {
                failed.increment();
                firstFailure.compareAndSet("", "connection closed before an answer, " + MAX_SENDS + " times");
            } else {
                send(i, start + i * intervalNanos, sends);
            }
        }
    }

    /**
     * Writes one line per wish a node answered COMMITTED: its hex tx hash (SHA-256 of the encoded Tx, as
     * the node computes it) and the height the answer named. Call after {@link #run}.
     */
    public void writeAcknowledged(Path file) throws IOException {
        try (var out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < committedAt.length(); i++) {
                long height = committedAt.get(i);
                if (height > 0) {
                    out.write(Hex.encode(Hashes.txHash(planned.get(i).tx())) + " " + height + "\n");
                }
            }
        }
    }

    private BenchReport offer(LoadPlan plan, double rate, Duration drainTimeout) throws InterruptedException {
        List<LoadPlan.Item> items = plan.items();
        planned = items;
        committedAt = new AtomicLongArray(items.size());
        byte[] sends = new byte[items.size()]; // sender thread only
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
            resendUnanswered(start, intervalNanos, sends);
            send(sent, scheduled, sends);
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
            resendUnanswered(start, intervalNanos, sends);
            long now = System.nanoTime();
            if (now >= nextReport) {
                report(sent, now - start);
                nextReport += 1_000_000_000L;
            }
        }
        return build(rate, sent, start, sendEnd, maxLagNanos);
    }

    private void record(int index, long scheduledNanos, ClientResponse response) {
        switch (response.getResponseCase()) {
            case COMMITTED -> {
                long now = System.nanoTime();
                latencyUs.recordValue(Math.min(MAX_LATENCY_US, Math.max(0, (now - scheduledNanos) / 1000)));
                committedAt.set(index, Math.max(1, response.getCommitted().getHeight()));
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
        progress.accept(String.format("%5.1f s  sent %,d  committed %,d  rejected %,d  failed %,d  in flight %,d"
                        + "  reconnects %d", elapsedNanos / 1e9, sent, committed.sum(), rejected.sum(), failed.sum(),
                sent - answered(), reconnects.get()));
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
