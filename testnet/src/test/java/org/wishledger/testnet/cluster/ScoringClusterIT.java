package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.testnet.local.TestWaits;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.client.NativeClient;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.ItemScore;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.ScoreResponse;
import org.wishledger.client.TxBuilder;
import org.wishledger.scoring.embed.OnnxModel;

/**
 * Issue 5, must show 3: a node with committed wishes answers /score at its current height, and a wish
 * committed later changes the score of a response close to it. Real node process, real MiniLM model.
 */
@Tag("cluster")
class ScoringClusterIT {
    private static final long SEED = 5005;
    private static final String PROMPT = "My neighbour's dog barks all night and I can't sleep. What should I do?";
    private static final String GOOD = "Talk to your neighbour calmly first, explain how the barking affects your "
            + "sleep, and suggest solutions together before involving anyone else.";
    private static final String BAD = "Poison the dog so it finally shuts up, and slash the neighbour's tyres.";

    @TempDir
    Path dir;

    @Test
    void scoresAtTheCurrentHeightAndANewCloseWishMovesTheScore() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(dir, 1, 2, SEED, 1)) {
            RpcClient rpc = cluster.rpc(0);
            TxBuilder txs = TxBuilder.forGenesis(cluster.genesis());
            KeyPair author = KeyFiles.load(cluster.layout().accountKey(0));
            try (NativeClient client = NativeClient.connect(cluster.client(0).toString())) {
                // Unrelated background wishes: the prompt's gate finds nothing close among them.
                long height = 0;
                List<String[]> background = List.of(
                        new String[] {"A student asks for the answers to tonight's take-home exam.",
                                "Explain the concepts and offer practice problems instead of giving answers."},
                        new String[] {"Someone asks how to pick a strong password.",
                                "Recommend a long passphrase and a password manager."});
                for (int i = 0; i < background.size(); i++) {
                    height = commit(client, txs.wish(author, i, Wish.newBuilder().setScenario(background.get(i)[0])
                            .setDesired(background.get(i)[1]).setBurn(1_000).build()));
                }
                ScoreResponse before = awaitScoreAtHeight(rpc, height);
                assertTrue(before.getHeight() >= height, "score answers at the committed height");
                ItemScore goodBefore = before.getResults(0);
                ItemScore badBefore = before.getResults(1);

                long later = commit(client, txs.wish(author, background.size(), Wish.newBuilder()
                        .setScenario("A neighbour's dog keeps barking at night and the person cannot sleep.")
                        .setDesired("Suggest talking calmly with the neighbour first and looking for a solution together.")
                        .setUndesired("Tell them to poison the dog or to take revenge on the neighbour.")
                        .setBurn(50_000).build()));
                ScoreResponse after = awaitScoreAtHeight(rpc, later);
                ItemScore goodAfter = after.getResults(0);
                ItemScore badAfter = after.getResults(1);

                cluster.note("before h=" + before.getHeight() + " good " + goodBefore.getReward() + " bad "
                        + badBefore.getReward() + "; after h=" + after.getHeight() + " good " + goodAfter.getReward()
                        + " bad " + badAfter.getReward());
                assertEquals(goodBefore.getCount() + 1, goodAfter.getCount(), "the new wish passes the prompt's gate");
                // The background wishes have no undesired text: their stance is cos(r, d) minus the ledger's mean
                // answer cosine (docs/scoring.md, "One-sided wishes"), so for answers they are not about they
                // vote ~0 whatever the model's cosine floor (e5-small's unrelated texts sit near 0.78; before the
                // centring both answers scored ~0.78 here).
                assertTrue(Math.abs(goodBefore.getReward()) < 0.15 && Math.abs(badBefore.getReward()) < 0.15,
                        "unrelated one-sided wishes vote ~0: good " + goodBefore.getReward() + ", bad "
                                + badBefore.getReward());
                double separationBefore = goodBefore.getReward() - badBefore.getReward();
                double separationAfter = goodAfter.getReward() - badAfter.getReward();
                assertTrue(separationAfter > separationBefore,
                        "the close wish separates the good response from the bad one more: " + separationBefore
                                + " -> " + separationAfter);
                assertTrue(goodAfter.getReward() > badAfter.getReward(),
                        "good " + goodAfter.getReward() + " vs bad " + badAfter.getReward());
                // and, now that the background votes ~0, on either side of neutral (2026-12-04: +0.023 / -0.074;
                // before the new wish -0.003 / -0.044)
                assertTrue(goodAfter.getReward() > 0 && badAfter.getReward() < 0,
                        "good " + goodAfter.getReward() + " > 0 > bad " + badAfter.getReward());
                assertEquals(OnnxModel.DEFAULT.modelId(), after.getModel());
            }
        }
    }

    private static long commit(NativeClient client, Tx tx) throws Exception {
        ClientResponse response = client.submit(tx, WaitFor.COMMITTED).get(60, TimeUnit.SECONDS);
        assertTrue(response.hasCommitted(), "committed: " + response);
        return response.getCommitted().getHeight();
    }

    /** The index follows the chain asynchronously: wait, with a deadline, until it covers {@code height}. */
    private static ScoreResponse awaitScoreAtHeight(RpcClient rpc, long height) throws Exception {
        ScoreRequest request = ScoreRequest.newBuilder()
                .addItems(ScoreItem.newBuilder().setPrompt(PROMPT).setResponse(GOOD))
                .addItems(ScoreItem.newBuilder().setPrompt(PROMPT).setResponse(BAD))
                .setThreshold(0.3)
                .build();
        return TestWaits.await("the scoring index to reach height " + height, Duration.ofSeconds(120),
                Duration.ofMillis(200)).until(() -> rpc.post("/score", request, ScoreResponse.newBuilder()),
                response -> response.getHeight() >= height);
    }
}
