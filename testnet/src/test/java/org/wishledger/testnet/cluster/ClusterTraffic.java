package org.wishledger.testnet.cluster;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.client.wire.EventLoops;
import org.wishledger.client.NativeClient;
import org.wishledger.client.HostPort;
import org.wishledger.client.Wallet;
import org.wishledger.client.TxBuilder;

/**
 * Signed wishes from the cluster's funded accounts, sent over the native protocol. Nonces are kept
 * here, per account; account a always sends to the same node of the node list it is given, so its
 * txs reach one mempool in nonce order.
 */
final class ClusterTraffic implements AutoCloseable {
    /** One submitted tx and the node's eventual answer. */
    record Sent(String hash, int node, CompletableFuture<ClientResponse> answer) {
    }

    private final LocalCluster cluster;
    private final long seed;
    private final SplittableRandom random;
    private final TxBuilder builder;
    private final List<KeyPair> accounts = new ArrayList<>();
    private final long[] nonces;
    private final EventLoopGroup group = EventLoops.create("it-client", 1);
    private final Map<Integer, NativeClient> clients = new HashMap<>();
    private int nextAccount;
    private int serial;

    ClusterTraffic(LocalCluster cluster, long seed) throws IOException {
        this.cluster = cluster;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.builder = Wallet.txBuilder(cluster.genesis());
        for (Path key : cluster.layout().accountKeys()) {
            accounts.add(KeyFiles.load(key));
        }
        this.nonces = new long[accounts.size()];
        for (int a = 0; a < accounts.size(); a++) {
            nonces[a] = cluster.rpc(0).account(accounts.get(a).address()).getNonce();
        }
    }

    TxBuilder builder() {
        return builder;
    }

    KeyPair account(int a) {
        return accounts.get(a);
    }

    int accounts() {
        return accounts.size();
    }

    /** The next valid wish of account {@code a} (takes its nonce). */
    synchronized Tx nextWish(int a) {
        int n = serial++;
        Wish wish = Wish.newBuilder()
                .setScenario("cluster test " + seed + " wish " + n + ": " + random.nextLong())
                .setDesired("be precise and kind #" + n)
                .setBurn(1 + random.nextInt(100))
                .build();
        return builder.wish(accounts.get(a), nonces[a]++, wish);
    }

    /** {@code count} wishes, account by account in turn, each account to nodes[account % nodes.size()]. */
    synchronized List<Sent> submitWishes(int count, List<Integer> nodes, WaitFor wait) throws IOException {
        List<Sent> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int a = nextAccount;
            nextAccount = (nextAccount + 1) % accounts.size();
            int node = nodes.get(a % nodes.size());
            sent.add(submit(node, nextWish(a), wait));
        }
        return sent;
    }

    synchronized Sent submit(int node, Tx tx, WaitFor wait) throws IOException {
        return new Sent(Hex.encode(Hashes.txHash(tx)), node, client(node).submit(tx, wait));
    }

    /** A connection to the node's client port, reopened if the previous one closed (node restarted). */
    synchronized NativeClient client(int node) throws IOException {
        NativeClient c = clients.get(node);
        if (c == null || !c.isOpen()) {
            HostPort hp = cluster.client(node);
            c = NativeClient.connect(hp.host(), hp.port(), group);
            clients.put(node, c);
        }
        return c;
    }

    /**
     * Waits for every answer and requires each to be Committed; returns hash -> height. The failure
     * message names the seed, the first bad answer and how many were bad.
     */
    Map<String, Long> awaitCommitted(List<Sent> sent, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> heights = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Sent s : sent) {
            try {
                ClientResponse r = s.answer().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r.hasCommitted()) {
                    heights.put(s.hash(), r.getCommitted().getHeight());
                } else {
                    problems.add(s.hash() + " via node" + s.node() + ": " + r.getResponseCase() + " "
                            + (r.hasRejected() ? r.getRejected().getCode() + " " + r.getRejected().getMessage() : ""));
                }
            } catch (TimeoutException e) {
                problems.add(s.hash() + " via node" + s.node() + ": no answer within " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                problems.add(s.hash() + " via node" + s.node() + ": " + e.getCause());
            }
        }
        cluster.note(heights.size() + " of " + sent.size() + " wishes committed");
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " of " + sent.size() + " wishes not committed (seed " + seed
                    + "); first: " + problems.get(0));
        }
        return heights;
    }

    /** A background sender of {@code perSecond} wishes per second to {@code nodes}, until stopped. */
    SteadyLoad steadyLoad(List<Integer> nodes, int perSecond) {
        return new SteadyLoad(nodes, perSecond);
    }

    final class SteadyLoad implements AutoCloseable {
        private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Throwable failure;

        private SteadyLoad(List<Integer> nodes, int perSecond) {
            int perTick = Math.max(1, perSecond / 20);
            thread = Thread.ofPlatform().name("steady-load").daemon().start(() -> {
                long next = System.nanoTime();
                while (running) {
                    try {
                        sent.addAll(submitWishes(perTick, nodes, WaitFor.COMMITTED));
                        next += 50_000_000L;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable t) {
                        failure = t;
                        return;
                    }
                }
            });
        }

        /** Stops sending and returns everything sent. */
        List<Sent> stop() throws InterruptedException {
            running = false;
            thread.join();
            if (failure != null) {
                throw new AssertionError("steady load failed (seed " + seed + "): " + failure, failure);
            }
            synchronized (sent) {
                return List.copyOf(sent);
            }
        }

        int sentSoFar() {
            return sent.size();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    @Override
    public void close() {
        for (NativeClient c : clients.values()) {
            c.close();
        }
        EventLoops.shutdown(group);
    }
}
