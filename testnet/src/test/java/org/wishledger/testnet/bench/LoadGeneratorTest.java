package org.wishledger.testnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Committed;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Rejected;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.p2p.client.ClientServer;
import org.wishledger.p2p.client.ClientServerConfig;
import org.wishledger.client.HostPort;
import org.wishledger.testnet.proto.BenchReport;
import org.wishledger.client.TxBuilder;

class LoadGeneratorTest {
    private static final TxBuilder BUILDER = TxBuilder.forGenesis(Genesis.newBuilder().setChainId("bench").build());

    private static List<KeyPair> accounts(int n) {
        List<KeyPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(KeyPair.fromSeed(ByteBuffer.allocate(32).putInt(0, 77).putInt(4, i).array()));
        }
        return out;
    }

    @Test
    void planKeepsEachAccountsNoncesInOrderOnOneNode() throws Exception {
        List<KeyPair> accounts = accounts(5);
        long[] start = {0, 10, 20, 30, 40};
        LoadPlan plan = LoadPlan.generate(BUILDER, accounts, start, 3, 103, 9, d -> { });
        assertEquals(103, plan.items().size());
        Map<String, Long> nextNonce = new HashMap<>();
        Map<String, Integer> nodeOf = new HashMap<>();
        Set<String> hashes = new HashSet<>();
        for (LoadPlan.Item item : plan.items()) {
            TxBody body = TxBody.parseFrom(item.tx().getBodyBytes());
            String signer = org.wishledger.ledger.crypto.Hex.encode(body.getSignerPubkey().toByteArray());
            int a = -1;
            for (int i = 0; i < accounts.size(); i++) {
                if (ByteString.copyFrom(accounts.get(i).publicKey().encoded()).equals(body.getSignerPubkey())) {
                    a = i;
                }
            }
            long expected = nextNonce.getOrDefault(signer, start[a]);
            assertEquals(expected, body.getNonce(), "nonces of account " + a + " in send order");
            nextNonce.put(signer, expected + 1);
            assertEquals(nodeOf.computeIfAbsent(signer, s -> item.node()), item.node(), "one node per account");
            assertEquals(a % 3, item.node());
            assertTrue(hashes.add(org.wishledger.ledger.crypto.Hex.encode(Hashes.txHash(item.tx()))), "distinct txs");
        }
    }

    @Test
    void aRunPreSignsRateTimesDurationTxsThatAllVerify() throws Exception {
        int total = LoadPlan.txCount(250, Duration.ofSeconds(2));
        assertEquals(500, total);
        List<KeyPair> accounts = accounts(7);
        List<Integer> progress = new CopyOnWriteArrayList<>();
        List<Thread> progressThreads = new CopyOnWriteArrayList<>();
        LoadPlan plan = LoadPlan.generate(BUILDER, accounts, new long[7], 4, total, 3, done -> {
            progress.add(done);
            progressThreads.add(Thread.currentThread());
        });
        assertEquals(total, plan.items().size());
        assertEquals(total, progress.get(progress.size() - 1), "the last progress report is the total");
        assertTrue(progressThreads.stream().allMatch(t -> t == Thread.currentThread()), "progress on the caller's thread");
        for (LoadPlan.Item item : plan.items()) {
            TxBody body = TxBody.parseFrom(item.tx().getBodyBytes());
            assertEquals("bench", body.getChainId());
            assertTrue(body.hasWish(), "a wish");
            PublicKey signer = PublicKey.decode(body.getSignerPubkey().toByteArray());
            assertTrue(signer.verify(item.tx().getBodyBytes().toByteArray(), item.tx().getSignature().toByteArray()),
                    "signature of nonce " + body.getNonce() + " verifies");
            assertTrue(body.getFee() >= BUILDER.params().requiredFee(item.tx().getSerializedSize()), "fee covers the size");
        }
    }

    @Test
    void runsTooLargeToHoldInMemoryAreRefusedWithWhatToDo() {
        assertEquals(300_000, LoadPlan.txCount(5_000, Duration.ofSeconds(60)));
        assertEquals(LoadPlan.MAX_TXS, LoadPlan.txCount(LoadPlan.MAX_TXS / 100.0, Duration.ofSeconds(100)));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> LoadPlan.txCount(40_000, Duration.ofSeconds(60)));
        assertTrue(tooMany.getMessage().contains("2,400,000 txs") && tooMany.getMessage().contains("2,000,000")
                && tooMany.getMessage().contains("lower --rate or --duration"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadPlan.txCount(0.1, Duration.ofSeconds(1)));

        LoadPlan.checkHeap(300_000, 4L << 30);
        IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
                () -> LoadPlan.checkHeap(2_000_000, 512L << 20));
        assertTrue(heap.getMessage().contains("-Xmx3g"), heap.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LoadPlan.generate(BUILDER, accounts(1), new long[1], 1, LoadPlan.MAX_TXS + 1, 1, d -> { }));
    }

    @Test
    void aFailingSignerFailsThePlan() {
        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> ParallelSigner.run(4, d -> { },
                (account, signed) -> {
                    if (account == 2) {
                        throw new IllegalStateException("key of account 2 is unusable");
                    }
                    signed.increment();
                }));
        assertEquals("key of account 2 is unusable", boom.getMessage());
    }

    @Test
    void offersAtTheRateAndReportsCommitsRejectionsAndLatency() throws Exception {
        ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger seen = new AtomicInteger();
        // A stand-in node: every 10th tx is rejected, the others "commit" 50 ms after arrival.
        try (ClientServer node = new ClientServer(ClientServerConfig.defaults("127.0.0.1", 0), request -> {
            assertEquals(WaitFor.COMMITTED, request.getSubmit().getWait());
            int n = seen.incrementAndGet();
            ByteString hash = ByteString.copyFrom(Hashes.txHash(request.getSubmit().getTx()));
            if (n % 10 == 0) {
                return CompletableFuture.completedFuture(ClientResponse.newBuilder().setRejected(
                        Rejected.newBuilder().setHash(hash).setCode(ErrorCode.MEMPOOL_FULL).setMessage("full")).build());
            }
            CompletableFuture<ClientResponse> later = new CompletableFuture<>();
            delays.schedule(() -> later.complete(ClientResponse.newBuilder().setCommitted(
                    Committed.newBuilder().setHash(hash).setHeight(1)).build()), 50, TimeUnit.MILLISECONDS);
            return later;
        }).start()) {
            LoadPlan plan = LoadPlan.generate(BUILDER, accounts(4), new long[4], 1, 400, 1, d -> { });
            HostPort target = new HostPort("127.0.0.1", node.address().getPort());
            long t0 = System.nanoTime();
            BenchReport r = new LoadGenerator(List.of(target), line -> { }).run(plan, 400, Duration.ofSeconds(10));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(400, r.getOffered());
            assertTrue(seconds >= 0.95, "400 txs at 400/s take about a second, took " + seconds);
            assertEquals(360, r.getCommitted());
            assertEquals(40, r.getRejected());
            assertEquals(40L, r.getRejectedByCodeMap().get("MEMPOOL_FULL"));
            assertEquals(0, r.getTimedOut());
            assertEquals(0, r.getFailed());
            assertTrue(r.getLatency().getP50() >= 50 && r.getLatency().getP50() < 1000, "p50 " + r.getLatency().getP50());
            assertTrue(r.getOfferedTps() > 300 && r.getOfferedTps() < 450, "offered " + r.getOfferedTps());
        } finally {
            delays.shutdownNow();
        }
    }
}
