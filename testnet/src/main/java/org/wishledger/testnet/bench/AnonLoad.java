package org.wishledger.testnet.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.wishledger.client.HostPort;
import org.wishledger.client.NativeClient;
import org.wishledger.client.RpcClient;
import org.wishledger.client.TxBuilder;
import org.wishledger.client.anon.AnonBuckets;
import org.wishledger.client.anon.AnonTxBuilder;
import org.wishledger.client.proto.AnonBucketView;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.rules.AnonParams;

/**
 * The anonymous part of a {@code bench load --anon-fraction} mix (docs/privacy.md). Before the clock
 * starts: deposits whole buckets of notes of the smallest denomination (1,024 notes fill a bucket, which
 * seals it at once instead of after {@link AnonParams#sealAfterBlocks()} blocks), waits until they are
 * sealed in a committed block, and proves one anonymous wish per note it will spend (~33 ms of CPU each:
 * the timed phase then only sends). The proven spends become a {@link LoadPlan} that a second
 * {@link LoadGenerator} offers beside the signed wishes, so their latency is measured on its own.
 */
public final class AnonLoad {
    /** A block may spend from at most this many buckets; more would make the mix itself refuse txs. */
    private static final int MAX_BUCKETS = AnonParams.DEFAULTS.maxBucketsPerBlock();
    private static final int DENOM = AnonParams.DEFAULTS.minDenom();

    private final LoadPlan plan;
    private final double provingSeconds;

    private AnonLoad(LoadPlan plan, double provingSeconds) {
        this.plan = plan;
        this.provingSeconds = provingSeconds;
    }

    public LoadPlan plan() {
        return plan;
    }

    public double provingSeconds() {
        return provingSeconds;
    }

    /**
     * Starts offering the proven spends at {@code rate} on a thread of its own (its own connections and
     * latency histogram), beside the signed load; the future completes with their report.
     */
    public CompletableFuture<org.wishledger.testnet.proto.BenchReport> start(List<HostPort> nodes, double rate,
            Duration drain, Consumer<String> progress) {
        CompletableFuture<org.wishledger.testnet.proto.BenchReport> report = new CompletableFuture<>();
        Thread.ofPlatform().name("bench-anon").daemon().start(() -> {
            try {
                report.complete(new LoadGenerator(nodes, line -> progress.accept("anon " + line)).run(plan, rate, drain)
                        .toBuilder().setSigningS(provingSeconds).build());
            } catch (IOException | InterruptedException | RuntimeException e) {
                report.completeExceptionally(e);
            }
        });
        return report;
    }

    /** How many notes of each bucket a run of {@code spends} anonymous wishes deposits: whole buckets. */
    public static int notesFor(int spends) {
        int size = AnonParams.DEFAULTS.bucketSize();
        int buckets = (spends + size - 1) / size;
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException(String.format("%,d anonymous wishes need %d buckets, but a mix may use "
                    + "at most %d (%,d wishes); lower --anon-fraction, --rate or --duration", spends, buckets,
                    MAX_BUCKETS, MAX_BUCKETS * size));
        }
        return buckets * size;
    }

    /**
     * Deposits, waits for the seal, proves. Deposits come from {@code accounts} starting at
     * {@code nonces} (advanced here, so the signed plan built afterwards continues from them).
     */
    public static AnonLoad prepare(TxBuilder signed, List<KeyPair> accounts, long[] nonces, List<HostPort> nodes,
                                   RpcClient rpc, int spends, long seed, Duration timeout, Consumer<String> progress)
            throws IOException, InterruptedException {
        AnonTxBuilder anon = new AnonTxBuilder(signed, AnonParams.DEFAULTS);
        int notes = notesFor(spends);
        // Secrets and proof randomness are never seeded: a second run must not repeat note keys (DUPLICATE).
        java.security.SecureRandom random = new java.security.SecureRandom();
        BigInteger[] secrets = new BigInteger[notes];
        for (int i = 0; i < notes; i++) {
            secrets[i] = AnonKeys.newSecret(random);
        }
        long firstBucket = nextBucketId(rpc);
        progress.accept(String.format("depositing %,d notes (%d bucket(s) of denomination %d) for %,d anonymous wishes",
                notes, notes / AnonParams.DEFAULTS.bucketSize(), DENOM, spends));
        deposit(anon, accounts, nonces, nodes, secrets, timeout);
        int buckets = notes / AnonParams.DEFAULTS.bucketSize();
        List<AnonBucket> rings = awaitSealed(rpc, firstBucket, buckets, timeout);
        // Buckets fill in deposit order, but other depositors may interleave: find each note's bucket.
        List<AnonBucket> ringOf = new ArrayList<>(notes);
        for (int i = 0; i < spends; i++) {
            ringOf.add(holding(rings, anon.keys().noteKey(secrets[i])));
        }
        progress.accept(String.format("proving %,d anonymous wishes on %d threads before the clock starts", spends,
                ParallelSigner.threadsFor(spends)));
        long start = System.nanoTime();
        LoadPlan.Item[] items = new LoadPlan.Item[spends];
        int threads = ParallelSigner.threadsFor(spends);
        ParallelSigner.run(threads, done -> progress.accept(String.format("  proved %,d of %,d", done, spends)),
                (thread, proved) -> {
                    AnonTxBuilder prover = new AnonTxBuilder(signed, AnonParams.DEFAULTS); // not thread-safe: one each
                    SplittableRandom texts = new SplittableRandom(seed * 31 + thread);
                    Random proofRandom = new java.security.SecureRandom();
                    for (int i = thread; i < spends; i += threads) {
                        items[i] = new LoadPlan.Item(prover.wish(LoadPlan.wish(i, texts), DENOM, secrets[i], ringOf.get(i),
                                proofRandom), i % nodes.size());
                        proved.increment();
                    }
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.accept(String.format("proved %,d anonymous wishes in %.1f s", spends, seconds));
        return new AnonLoad(LoadPlan.of(Collections.unmodifiableList(Arrays.asList(items))), seconds);
    }

    /**
     * The id of the bucket the run's first note will open (buckets are numbered in order). An open
     * bucket that already holds notes would take some of ours and seal only by timeout: refused.
     */
    private static long nextBucketId(RpcClient rpc) throws IOException {
        long next = 0;
        for (AnonBucketView b : AnonBuckets.list(rpc, DENOM).getBucketsList()) {
            if (!b.getSealed() && b.getDeposits() > 0) {
                throw new IOException("bucket " + b.getBucketId() + " of denomination " + DENOM + " is open with "
                        + b.getDeposits() + " notes; an anonymous mix deposits whole buckets: wait until it seals ("
                        + AnonParams.DEFAULTS.sealAfterBlocks() + " blocks after its first deposit) and run again");
            }
            next = Math.max(next, b.getBucketId() + 1);
        }
        return next;
    }

    private static void deposit(AnonTxBuilder anon, List<KeyPair> accounts, long[] nonces, List<HostPort> nodes,
                                BigInteger[] secrets, Duration timeout) throws IOException, InterruptedException {
        List<NativeClient> clients = new ArrayList<>();
        try {
            for (HostPort n : nodes) {
                clients.add(NativeClient.connect(n.host(), n.port()));
            }
            List<CompletableFuture<ClientResponse>> answers = new ArrayList<>(secrets.length);
            for (int i = 0; i < secrets.length; i++) {
                int a = i % accounts.size(); // an account always talks to the same node: nonce order holds
                answers.add(clients.get(a % clients.size()).submit(
                        anon.deposit(accounts.get(a), nonces[a]++, DENOM, secrets[i]), WaitFor.COMMITTED));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (CompletableFuture<ClientResponse> f : answers) {
                ClientResponse r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!r.hasCommitted()) {
                    throw new IOException("a note deposit did not commit: " + r);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("note deposits did not all commit within " + timeout.toSeconds() + " s: " + e, e);
        } finally {
            clients.forEach(NativeClient::close);
        }
    }

    /** Waits until buckets first..first+count-1 are sealed and the chain is past the sealing block. */
    private static List<AnonBucket> awaitSealed(RpcClient rpc, long first, int count, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<AnonBucket> out = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            AnonBucket b;
            while ((b = AnonBuckets.fetch(rpc, DENOM, id)).getSealedHeight() == 0
                    || rpc.status().getHeight() <= b.getSealedHeight()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("bucket " + id + " of denomination " + DENOM + " was not sealed within "
                            + timeout.toSeconds() + " s");
                }
                Thread.sleep(200);
            }
            out.add(b);
        }
        return out;
    }

    private static AnonBucket holding(List<AnonBucket> rings, byte[] noteKey) throws IOException {
        for (AnonBucket b : rings) {
            byte[] keys = b.getKeys().toByteArray();
            for (int s = 0; s < keys.length; s += 32) {
                if (Arrays.equals(keys, s, s + 32, noteKey, 0, 32)) {
                    return b;
                }
            }
        }
        throw new IOException("a deposited note is in none of the buckets sealed for this run (other depositors "
                + "interleaved?); run again");
    }
}
