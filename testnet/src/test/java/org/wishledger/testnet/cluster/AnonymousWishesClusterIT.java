package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.client.NativeClient;
import org.wishledger.client.ProtoJson;
import org.wishledger.client.RpcClient;
import org.wishledger.client.TxBuilder;
import org.wishledger.client.anon.AnonBuckets;
import org.wishledger.client.anon.AnonTxBuilder;
import org.wishledger.client.anon.NoteFile;
import org.wishledger.client.proto.AnonBucketView;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.ScoreResponse;
import org.wishledger.client.proto.SubmitResult;
import org.wishledger.client.proto.TxView;
import org.wishledger.client.proto.WishView;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.rules.AnonParams;
import org.wishledger.testnet.cli.Main;
import org.wishledger.testnet.local.JavaCommand;
import org.wishledger.testnet.local.TestWaits;
import org.wishledger.testnet.local.TestnetSpec;
import org.wishledger.testnet.proto.VerifyReport;

/**
 * Issue 12, must show: anonymous wishes end to end on four real node processes. Eight ordinary
 * accounts deposit 1,024 notes, which fills (and so seals) bucket 0 of the smallest denomination; then
 * two anonymous wishes and two anonymous endorsements are spent from it, through the CLI
 * ({@code wishledger anon wish|endorse}) and through the wallet library, on different nodes. They must
 * commit on all four nodes with the exact burn, show in RPC with no signer and without any depositor
 * address or note key, be weighed by /score with their burn (linear weighting: weight = burn +
 * endorsements), a second use of a note must be {@code NOTE_SPENT}, and after the nodes stop
 * {@code wishledger chain verify} — one fresh process per node, so no proof verdict is cached —
 * re-executes every block and so verifies every proof again.
 */
@Tag("cluster")
class AnonymousWishesClusterIT {
    private static final long SEED = 1212;
    private static final int ACCOUNTS = 8;
    private static final int DENOM = AnonParams.DEFAULTS.minDenom();
    private static final int BUCKET = AnonParams.DEFAULTS.bucketSize();
    private static final String DOG = "A neighbour's dog barks all night and the person asking cannot sleep.";
    private static final String DOG_DESIRED = "Suggest talking calmly with the neighbour first and looking for a solution together.";
    private static final String PROMPT = "My neighbour's dog barks all night and I can't sleep. What should I do?";
    private static final String GOOD = "Talk to your neighbour calmly, explain how the barking affects your sleep, "
            + "and look for a solution together before involving anyone else.";

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void anonymousWishesAndEndorsementsCommitEverywhereAreScoredAndReverify() throws Exception {
        LocalCluster cluster = clusters.start(TestnetSpec.defaults(4, ACCOUNTS).withKeySeed(SEED)
                .withChainId("wishledger-it-" + SEED).withScoringNodes(1));
        TxBuilder signed = TxBuilder.forGenesis(cluster.genesis());
        AnonTxBuilder anon = new AnonTxBuilder(signed, AnonParams.DEFAULTS);
        Random random = new Random(SEED);
        List<KeyPair> accounts = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            accounts.add(KeyFiles.load(cluster.layout().accountKey(a)));
        }

        // 1. Deposits: 1,024 notes from 8 accounts (128 each, nonce order on one connection per account),
        //    spread over the four nodes. The 1,024th note seals the bucket in its block.
        BigInteger[] secrets = new BigInteger[BUCKET];
        for (int i = 0; i < BUCKET; i++) {
            secrets[i] = AnonKeys.newSecret(random);
        }
        List<NativeClient> clients = new ArrayList<>();
        try {
            for (int n = 0; n < 4; n++) {
                clients.add(NativeClient.connect(cluster.client(n).toString()));
            }
            List<CompletableFuture<ClientResponse>> deposits = new ArrayList<>();
            for (int i = 0; i < BUCKET; i++) {
                int a = i % ACCOUNTS;
                deposits.add(clients.get(a % 4).submit(anon.deposit(accounts.get(a), i / ACCOUNTS, DENOM, secrets[i]),
                        WaitFor.COMMITTED));
            }
            for (CompletableFuture<ClientResponse> f : deposits) {
                ClientResponse r = f.get(90, TimeUnit.SECONDS);
                assertTrue(r.hasCommitted(), "deposit committed (seed " + SEED + "): " + r);
            }
        } finally {
            clients.forEach(NativeClient::close);
        }
        cluster.note(BUCKET + " deposits committed");

        AnonBucketView sealed = TestWaits.await("bucket 0 sealed on every node", Duration.ofSeconds(30), Duration.ofMillis(100))
                .until(() -> {
                    AnonBucketView first = null;
                    for (int n : cluster.all()) {
                        AnonBucketView b = bucket(cluster.rpc(n));
                        if (!b.getSealed()) {
                            return null;
                        }
                        first = b;
                    }
                    return first;
                }, b -> b != null);
        assertEquals(BUCKET, sealed.getDeposits(), "a full bucket: no fillers");
        assertEquals(ACCOUNTS, sealed.getDistinctDepositors());
        // a spend needs the seal in an earlier block: wait for one more block everywhere
        for (int n : cluster.all()) {
            cluster.awaitHeight(n, sealed.getSealedHeight() + 1, Duration.ofSeconds(30));
        }

        // 2. Spends. A: anonymous wish through the CLI on node1. B: anonymous wish through the library on node2.
        Path dir = Files.createTempDirectory(cluster.layout().dir(), "anon-");
        SubmitResult a = cliSpend(cluster, 1, dir, secrets[5], "wish", "--scenario", DOG, "--desired", DOG_DESIRED);
        byte[] wishA = Hex.decode(cluster.rpc(1).tx(Hex.decode(a.getHash())).getWish().getId());
        AnonBucket ring = ringOf(cluster.rpc(2), anon, secrets[1000]);
        Tx b = anon.wish(Wish.newBuilder().setScenario("Someone asks how to pick a strong password.")
                .setDesired("Recommend a long passphrase and a password manager.").build(), DENOM, secrets[1000], ring, random);
        commit(cluster, 2, b);
        byte[] wishB = AnonTxBuilder.wishId(b);
        // C: anonymous endorsement of A through the CLI on node3. D: of B through the library on node0.
        SubmitResult c = cliSpend(cluster, 3, dir, secrets[300], "endorse", "--wish", Hex.encode(wishA));
        Tx d = anon.endorse(wishB, DENOM, secrets[600], ring, random);
        commit(cluster, 0, d);
        // A note spent twice: NOTE_SPENT, whatever the second use is.
        try (NativeClient client = NativeClient.connect(cluster.client(0).toString())) {
            ClientResponse again = client.submit(anon.endorse(wishA, DENOM, secrets[600], ring, random), WaitFor.COMMITTED)
                    .get(60, TimeUnit.SECONDS);
            assertTrue(again.hasRejected(), "second use of a note refused: " + again);
            assertEquals(ErrorCode.NOTE_SPENT, again.getRejected().getCode());
        }

        // 3. Every node has them, with the exact burns, no signer and nothing that names a depositor.
        long value = AnonParams.DEFAULTS.value(DENOM);
        long burnA = value - cluster.rpc(0).tx(Hex.decode(a.getHash())).getFee();
        long burnB = value - TxBody.parseFrom(b.getBodyBytes()).getFee();
        long endorseA = value - cluster.rpc(0).tx(Hex.decode(c.getHash())).getFee();
        long endorseB = value - TxBody.parseFrom(d.getBodyBytes()).getFee();
        assertTrue(burnA > 0 && endorseA > 0, "fees leave a burn: " + burnA + ", " + endorseA);
        cluster.awaitSameTip(cluster.all(), Duration.ofSeconds(60));
        List<String> depositorHints = new ArrayList<>();
        for (KeyPair k : accounts) {
            depositorHints.add(Hex.encode(k.address()));
            depositorHints.add(Hex.encode(k.publicKey().encoded()));
        }
        for (int i : new int[] {5, 1000, 300, 600}) {
            depositorHints.add(Hex.encode(anon.keys().noteKey(secrets[i])));
        }
        List<String> spendHashes = List.of(a.getHash(), Hex.encode(org.wishledger.ledger.Hashes.txHash(b)), c.getHash(),
                Hex.encode(org.wishledger.ledger.Hashes.txHash(d)));
        for (int n : cluster.all()) {
            RpcClient rpc = cluster.rpc(n);
            WishView viewA = rpc.wish(wishA);
            WishView viewB = rpc.wish(wishB);
            assertEquals(burnA, viewA.getBurn(), "node" + n + " burn of A");
            assertEquals(endorseA, viewA.getEndorsedBurn(), "node" + n + " endorsements of A");
            assertEquals(burnB, viewB.getBurn(), "node" + n + " burn of B");
            assertEquals(endorseB, viewB.getEndorsedBurn(), "node" + n + " endorsements of B");
            assertEquals(DOG_DESIRED, viewA.getDesired());
            for (String hash : spendHashes) {
                TxView tx = rpc.tx(Hex.decode(hash));
                assertTrue(tx.getSigner().isEmpty() && tx.getSignerPubkey().isEmpty(), "no signer on node" + n + ": " + tx);
                String json = rawGet(rpc, "/txs/" + hash) + rawGet(rpc, "/wishes/" + Hex.encode(wishA))
                        + rawGet(rpc, "/wishes/" + Hex.encode(wishB));
                for (String hint : depositorHints) {
                    assertFalse(json.contains(hint), "node" + n + " shows a depositor key, address or note key: " + json);
                }
            }
            assertEquals(4, bucket(rpc).getSpends(), "node" + n + " counts the bucket's spends");
        }
        cluster.note("2 anonymous wishes and 2 anonymous endorsements on all 4 nodes");

        // 4. Scored by burn. The chain's only wishes are A and B, so with linear weighting the index's total
        //    weight (weight / coverage) is exactly their burns plus endorsements, and the wishes that speak
        //    about the prompt (A first: it is about it) weigh their influence.
        long tip = cluster.height(0);
        ScoreRequest score = ScoreRequest.newBuilder().addItems(ScoreItem.newBuilder().setPrompt(PROMPT).setResponse(GOOD))
                .setThreshold(0.3).setWeighting("linear").build();
        ScoreResponse scored = TestWaits.await("the scoring index to reach height " + tip, Duration.ofSeconds(120),
                Duration.ofMillis(200)).until(() -> cluster.rpc(0).post("/score", score, ScoreResponse.newBuilder()),
                r -> r.getHeight() >= tip);
        cluster.note("score " + scored.getResults(0));
        var result = scored.getResults(0);
        double influenceA = burnA + endorseA;
        double influenceB = burnB + endorseB;
        assertTrue(result.getCount() >= 1 && result.getCoverage() > 0, "A speaks about the prompt: " + result);
        assertEquals(influenceA + influenceB, result.getWeight() / result.getCoverage(), 1e-6 * (influenceA + influenceB),
                "the index weighs the anonymous wishes by burn plus endorsements: " + result);
        assertEquals(result.getCount() == 1 ? influenceA : influenceA + influenceB, result.getWeight(), 1e-6 * influenceA,
                "the voting wishes weigh their influence: " + result);

        // 5. Stop the nodes; every store re-executes from genesis in a fresh process: every proof is verified again.
        for (int n : cluster.all()) {
            cluster.stop(n);
        }
        List<Process> verifiers = new ArrayList<>();
        for (int n : cluster.all()) {
            verifiers.add(new ProcessBuilder(JavaCommand.current().command(List.of("chain", "verify", "--home",
                    cluster.home(n).path().toString(), "--json"))).redirectError(dir.resolve("verify" + n + ".err").toFile())
                    .start());
        }
        for (int n : cluster.all()) {
            Process p = verifiers.get(n);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chain verify of node" + n + " ends");
            assertEquals(0, p.exitValue(), "chain verify of node" + n + ": " + out
                    + Files.readString(dir.resolve("verify" + n + ".err")));
            VerifyReport report = ProtoJson.parse(out, VerifyReport.newBuilder()).build();
            assertTrue(report.getOk(), report.getMismatch());
            assertEquals(4, report.getAnonSpends(), "node" + n + ": every anonymous spend re-executed");
            assertTrue(report.getTxs() >= BUCKET + 4, "node" + n + " re-executed " + report.getTxs() + " txs");
        }
        cluster.note("chain verify passed on all 4 stores");
    }

    private static AnonBucketView bucket(RpcClient rpc) throws Exception {
        return AnonBuckets.list(rpc, DENOM).getBucketsList().stream().filter(v -> v.getBucketId() == 0).findFirst()
                .orElse(AnonBucketView.getDefaultInstance());
    }

    /** The sealed bucket as a prover needs it, read over RPC (the CLI does the same). */
    private static AnonBucket ringOf(RpcClient rpc, AnonTxBuilder anon, BigInteger secret) throws Exception {
        AnonBucket bucket = AnonBuckets.fetch(rpc, DENOM, 0);
        byte[] key = anon.keys().noteKey(secret);
        boolean found = false;
        for (int s = 0; s < bucket.getKeys().size() / 32 && !found; s++) {
            found = bucket.getKeys().substring(32 * s, 32 * s + 32).equals(com.google.protobuf.ByteString.copyFrom(key));
        }
        assertTrue(found, "the note is in bucket 0");
        return bucket;
    }

    /** `wishledger anon wish|endorse` in process against node {@code node}, with a note file of one note. */
    private static SubmitResult cliSpend(LocalCluster cluster, int node, Path dir, BigInteger secret, String what,
            String... args) throws Exception {
        Path notes = dir.resolve("notes-" + what + "-" + node);
        NoteFile.write(notes, List.of(new NoteFile.Note(DENOM, secret, false)));
        List<String> cli = new ArrayList<>(List.of("anon", what, "--node", cluster.client(node).toString(), "--rpc",
                cluster.rpc(node).baseUrl(), "--notes", notes.toString(), "--denom", Integer.toString(DENOM),
                "--no-delay", "--json"));
        cli.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(cli.toArray(String[]::new));
        assertEquals(0, code, "anon " + what + " on node" + node + ": " + err + out);
        assertTrue(NoteFile.read(notes).get(0).spent(), "the CLI marked the note spent");
        SubmitResult r = ProtoJson.parse(out.toString(), SubmitResult.newBuilder()).build();
        assertEquals("committed", r.getStatus(), r.toString());
        return r;
    }

    private static void commit(LocalCluster cluster, int node, Tx tx) throws Exception {
        try (NativeClient client = NativeClient.connect(cluster.client(node).toString())) {
            ClientResponse r = client.submit(tx, WaitFor.COMMITTED).get(60, TimeUnit.SECONDS);
            assertTrue(r.hasCommitted(), "committed on node" + node + ": " + r);
        }
    }

    private static String rawGet(RpcClient rpc, String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        return http.send(HttpRequest.newBuilder(URI.create(rpc.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
