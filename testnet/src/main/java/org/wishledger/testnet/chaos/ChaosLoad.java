package org.wishledger.testnet.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.wishledger.client.HostPort;
import org.wishledger.client.NativeClient;
import org.wishledger.client.RpcClient;
import org.wishledger.client.TxBuilder;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;

/**
 * The load a chaos run drives while it perturbs the cluster, and the record of what the cluster
 * promised: every wish a node answered COMMITTED for goes into {@link #acknowledged()} (hash → height).
 * Closed loop, one worker per account with a window of wishes in flight, sent to the nodes in turn: a worker
 * whose node is paused, cut off or dead times out, re-reads its nonce from any node that answers and
 * moves on to the next node, so the load keeps flowing through whatever part of the cluster is up.
 * A timed-out wish may still commit; it is simply not counted as acknowledged.
 */
final class ChaosLoad implements AutoCloseable {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    /** Wishes each worker has in flight (consecutive nonces): enough to fill blocks on 2 cores. */
    private static final int WINDOW = 8;

    private final List<HostPort> clientPorts;
    private final List<RpcClient> rpcs;
    private final TxBuilder builder;
    private final List<KeyPair> accounts;
    private final String runTag;
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final Map<String, AtomicLong> refusedByCode = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> workers = new ArrayList<>();

    ChaosLoad(List<HostPort> clientPorts, List<RpcClient> rpcs, TxBuilder builder, List<KeyPair> accounts, String runTag) {
        this.clientPorts = List.copyOf(clientPorts);
        this.rpcs = List.copyOf(rpcs);
        this.builder = builder;
        this.accounts = List.copyOf(accounts);
        this.runTag = runTag;
    }

    void start() {
        for (int a = 0; a < accounts.size(); a++) {
            int account = a;
            Thread t = Thread.ofPlatform().daemon().name("chaos-load-" + a).start(() -> work(account));
            workers.add(t);
        }
    }

    /** hex tx hash → committed height, for every wish a node acknowledged as committed. */
    Map<String, Long> acknowledged() {
        return acknowledged;
    }

    long sent() {
        return sent.get();
    }

    long timedOut() {
        return timedOut.get();
    }

    /** "N refused (CODE n, ...)": expected after a timeout, when the wish the worker gave up on commits anyway. */
    String refusals() {
        long total = refusedByCode.values().stream().mapToLong(AtomicLong::get).sum();
        StringBuilder s = new StringBuilder(total + " refused");
        if (total > 0) {
            s.append(" (");
            refusedByCode.forEach((code, n) -> s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ")
                    .append(code).append(' ').append(n.get()));
            s.append(')');
        }
        return s.toString();
    }

    private void work(int account) {
        KeyPair key = accounts.get(account);
        int node = account % clientPorts.size();
        NativeClient client = null;
        long nonce = -1;
        long seq = 0;
        while (running.get()) {
            try {
                if (nonce < 0) {
                    nonce = nextNonce(key, node);
                }
                if (client == null || !client.isOpen()) {
                    HostPort target = clientPorts.get(node);
                    client = NativeClient.connect(target.host(), target.port());
                }
                // a window of consecutive nonces in flight at once; any gap or refusal re-reads the nonce
                List<Tx> window = new ArrayList<>(WINDOW);
                List<java.util.concurrent.CompletableFuture<ClientResponse>> answers = new ArrayList<>(WINDOW);
                for (int w = 0; w < WINDOW; w++) {
                    Tx tx = builder.wish(key, nonce + w, Wish.newBuilder()
                            .setScenario("chaos run " + runTag + ": account " + account + " wish " + seq++)
                            .setDesired("Keep every acknowledged wish, exactly once, on every node.")
                            .addTags("chaos").build());
                    window.add(tx);
                    answers.add(client.submit(tx, WaitFor.COMMITTED));
                    sent.incrementAndGet();
                }
                long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
                boolean allCommitted = true;
                for (int w = 0; w < WINDOW; w++) {
                    long left = Math.max(1, deadline - System.nanoTime());
                    ClientResponse answer = answers.get(w).get(left, TimeUnit.NANOSECONDS);
                    if (answer.getResponseCase() == ClientResponse.ResponseCase.COMMITTED) {
                        acknowledged.put(Hex.encode(Hashes.txHash(window.get(w))), answer.getCommitted().getHeight());
                    } else {
                        allCommitted = false;
                        String code = answer.hasRejected() ? answer.getRejected().getCode().name()
                                : answer.getResponseCase().name();
                        refusedByCode.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
                    }
                }
                if (allCommitted) {
                    nonce += WINDOW;
                } else {
                    nonce = -1; // re-read: the refusal may be a nonce the chain moved past
                    node = (node + 1) % clientPorts.size();
                    pause(200); // a refused window is usually one still pending from a timed-out try
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // timeout or a dead connection: this node is down or cut off; try the next one
                timedOut.incrementAndGet();
                if (client != null) {
                    client.close();
                    client = null;
                }
                nonce = -1;
                node = (node + 1) % clientPorts.size();
                pause(200);
            }
        }
        if (client != null) {
            client.close();
        }
    }

    /** The account's next nonce as the first node that answers sees it (committed state). */
    private long nextNonce(KeyPair key, int preferred) throws IOException {
        IOException last = null;
        for (int i = 0; i < rpcs.size(); i++) {
            RpcClient rpc = rpcs.get((preferred + i) % rpcs.size());
            try {
                return rpc.account(key.address()).getNonce();
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no node to ask for a nonce");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // back-off after a failed node, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sending and waits for the in-flight wishes' answers (bounded by the answer timeout). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : workers) {
            t.join(ANSWER_TIMEOUT.toMillis() + 5_000);
        }
    }
}
