package org.wishledger.testnet.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.client.TxBuilder;

/**
 * Every tx of a load run, built and signed before the clock starts so that the timed phase only sends:
 * signing (~30 µs of Ed25519 per tx) then neither limits the offered rate nor takes CPU from the nodes
 * on the same machine while they are measured. Tx i comes from account i mod A with that account's next
 * nonce, and each account always talks to the same node (account j to node j mod N): its txs then reach
 * that node's mempool in nonce order.
 */
public final class LoadPlan {
    /**
     * Most txs one run pre-signs. All of them are held in memory until sent: ~0.6 KB each with their
     * objects, so the cap keeps a run near 1.2 GB of heap.
     */
    public static final int MAX_TXS = 2_000_000;
    /** Rough heap a planned tx occupies (protobuf objects, ~330-byte body, signature), for the heap check. */
    public static final int APPROX_BYTES_PER_TX = 640;

    /** One tx to offer: which node gets it. */
    public record Item(Tx tx, int node) {
    }

    private final List<Item> items;

    private LoadPlan(List<Item> items) {
        this.items = items;
    }

    /** A plan of txs built elsewhere (the anonymous part of a mix: {@link AnonLoad}). */
    static LoadPlan of(List<Item> items) {
        return new LoadPlan(items);
    }

    public List<Item> items() {
        return items;
    }

    /**
     * The number of txs a run of {@code rate} tx/s for {@code duration} offers.
     *
     * @throws IllegalArgumentException (its message says what to change) when that is below 1 or above
     *                                  {@link #MAX_TXS}
     */
    public static int txCount(double rate, Duration duration) {
        long total = Math.round(rate * duration.toMillis() / 1000.0);
        if (total < 1) {
            throw new IllegalArgumentException(String.format(
                    "--rate %s x --duration %s s gives no tx at all; raise one of them", plain(rate), seconds(duration)));
        }
        if (total > MAX_TXS) {
            throw new IllegalArgumentException(String.format(
                    "--rate %s x --duration %s s = %,d txs, but a run signs every tx in advance and holds them all in "
                            + "memory, so it is limited to %,d (about %,d MB); lower --rate or --duration, or split the "
                            + "load into several shorter runs",
                    plain(rate), seconds(duration), total, MAX_TXS, (long) MAX_TXS * APPROX_BYTES_PER_TX >> 20));
        }
        return (int) total;
    }

    private static String seconds(Duration duration) {
        return plain(duration.toMillis() / 1000.0);
    }

    /** 5000 rather than 5000.0, 0.5 as is. */
    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * Refuses a plan the heap cannot hold (a small machine's default heap is a quarter of its RAM).
     *
     * @throws IllegalArgumentException saying how much heap is needed and how to get it
     */
    public static void checkHeap(int total, long maxHeapBytes) {
        long needed = (long) total * APPROX_BYTES_PER_TX;
        if (needed > maxHeapBytes / 4 * 3) {
            long mb = 1 << 20;
            throw new IllegalArgumentException(String.format(
                    "%,d pre-signed txs need about %,d MB of heap, and this JVM may use only %,d MB; lower --rate or "
                            + "--duration, or give the JVM more, e.g. WISHLEDGER_EXTRA_JVM_FLAGS=-Xmx%dg ./wishledger bench load ...",
                    total, needed / mb, maxHeapBytes / mb, Math.max(1, (needed * 2 + (1L << 30) - 1) >> 30)));
        }
    }

    /** How many threads {@link #generate} signs on for this many accounts. */
    public static int signingThreads(int accounts) {
        return ParallelSigner.threadsFor(accounts);
    }

    /**
     * Builds and signs {@code total} txs on {@link ParallelSigner} threads (one per core). Accounts are
     * independent, so they are signed in parallel; each account's nonces stay consecutive in send order.
     *
     * @param startNonces each account's next nonce (from RPC)
     * @param progress    called on this thread with the number signed so far, about once a second, and
     *                    once with {@code total} at the end
     */
    public static LoadPlan generate(TxBuilder builder, List<KeyPair> accounts, long[] startNonces, int nodes,
                                    int total, long seed, IntConsumer progress) throws InterruptedException {
        int a = accounts.size();
        if (a == 0) {
            throw new IllegalArgumentException("load needs at least one funded account");
        }
        if (startNonces.length != a) {
            throw new IllegalArgumentException(a + " accounts but " + startNonces.length + " start nonces");
        }
        if (total < 0 || total > MAX_TXS) {
            throw new IllegalArgumentException("a plan holds 0.." + MAX_TXS + " txs, not " + total);
        }
        Item[] out = new Item[total];
        ParallelSigner.run(a, progress, (account, signed) -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + account);
            long nonce = startNonces[account];
            for (int i = account; i < total; i += a) {
                out[i] = new Item(builder.wish(accounts.get(account), nonce++, wish(i, random)), account % nodes);
                signed.increment();
            }
        });
        progress.accept(total);
        return new LoadPlan(Collections.unmodifiableList(Arrays.asList(out)));
    }

    /** A wish of typical size (about 250 bytes of text), distinct per index. */
    static Wish wish(int i, SplittableRandom random) {
        return Wish.newBuilder()
                .setScenario("bench scenario " + i + ": a user asks for advice about topic " + random.nextInt(1_000_000)
                        + " and mentions they are in a hurry.")
                .setDesired("Give a short, accurate answer first, then offer details; say what is uncertain. #" + i)
                .setUndesired("Pad the answer or state guesses as facts.")
                .setLanguage("en")
                .addTags("bench")
                .setBurn(1 + random.nextInt(1000))
                .build();
    }
}
