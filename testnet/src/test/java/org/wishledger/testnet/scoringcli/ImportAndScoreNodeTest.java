package org.wishledger.testnet.scoringcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.testnet.cli.Main;
import org.wishledger.client.RpcClient;
import org.wishledger.testnet.local.TestWaits;
import org.wishledger.testnet.local.TestnetInitializer;
import org.wishledger.testnet.local.TestnetLayout;
import org.wishledger.testnet.local.TestnetSpec;
import org.wishledger.node.HomeConfig;
import org.wishledger.node.Node;
import org.wishledger.client.proto.ScoreResponse;
import org.wishledger.client.ProtoJson;

/**
 * The CLI against a real single-validator node in this JVM (real LMDB, consensus, native protocol, RPC and the
 * real embedding model in the node's scorer): import 24 HH-RLHF pairs, then score, batch-score and evaluate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportAndScoreNodeTest {
    private static final long SEED = 5;
    private static final int WISHES = 24;

    private Path dir;
    private Node node;
    private JsonObject imported;

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    void startNodeAndImport(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        TestnetLayout layout = new TestnetLayout(dir.resolve("net"));
        TestnetInitializer.init(layout, TestnetSpec.defaults(1, 1).withKeySeed(SEED).withChainId("scli-" + SEED));
        node = Node.start(HomeConfig.load(layout.node(0)));
        TestWaits.await("RPC /status", Duration.ofSeconds(20), Duration.ofMillis(100))
                .until(() -> new RpcClient(node.rpcUrl()).status() != null);
        Run r = cli("import", "hh-rlhf", ImportSourcesTest.SAMPLE.toString(), "--dir", layout.dir().toString(),
                "--limit", "" + WISHES, "--seed", "" + SEED, "--json");
        assertEquals(0, r.code(), r.err());
        imported = JsonParser.parseString(r.out()).getAsJsonObject();
        // The node's scorer embeds committed wishes after the commit: wait until /score reports that height.
        long last = imported.get("last_height").getAsLong();
        long h = new ScoreClient(new RpcClient(node.rpcUrl(), Duration.ofSeconds(30)))
                .awaitHeight(last, Duration.ofSeconds(45), line -> { });
        assertTrue(h >= last);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void importCommitsEveryPairAsAWishWithItsSeededBurn() throws Exception {
        int wishable = (int) HhRlhf.readAll(ImportSourcesTest.SAMPLE).subList(0, WISHES).stream()
                .filter(HhRlhf.Pair::wishable).count();
        assertEquals(wishable, imported.get("read").getAsInt(), imported.toString());
        assertEquals(wishable, imported.get("committed").getAsInt(), imported.toString());
        assertEquals(0, imported.getAsJsonObject("rejected").size(), imported.toString());
        var wishes = LedgerWishes.fetchAll(new RpcClient(node.rpcUrl()), line -> { }).wishes();
        assertEquals(wishable, wishes.size());
        BurnDistribution burns = new BurnDistribution(BurnDistribution.DEFAULT_MEDIAN, BurnDistribution.DEFAULT_SIGMA,
                SEED);
        for (var w : wishes) {
            assertEquals(burns.next(), w.burnTotal(), "burns in file order from seed " + SEED);
            assertEquals(List.of("hh-rlhf", "harmless"), w.tags());
        }
    }

    @Test
    void scoreAnswersForOnePairAndForABatchFileWithTheSameRewards() throws Exception {
        HhRlhf.Pair pair = HhRlhf.readAll(ImportSourcesTest.SAMPLE).get(0);
        Run one = cli("score", "--rpc", node.rpcUrl(), "--prompt", pair.prompt(), "--response", pair.chosen(),
                "--min-height", imported.get("last_height").getAsString(), "--json");
        assertEquals(0, one.code(), one.err());
        ScoreResponse single = ProtoJson.parse(one.out(), ScoreResponse.newBuilder()).build();
        assertTrue(single.getHeight() >= imported.get("last_height").getAsLong());
        assertTrue(single.getResults(0).getCount() >= 1, "the pair's own wish passes the gate: " + single);
        assertEquals("gated", single.getMode());

        Path file = dir.resolve("items.jsonl");
        String line = ProtoJson.printCompact(ScoreRequests.item(pair.prompt(), pair.chosen()));
        Files.writeString(file, line + "\n" + ProtoJson.printCompact(ScoreRequests.item(pair.prompt(), pair.rejected()))
                + "\n" + line + "\n");
        Run batch = cli("score", "--rpc", node.rpcUrl(), "--file", file.toString(), "--batch", "2", "--json");
        assertEquals(0, batch.code(), batch.err());
        ScoreResponse all = ProtoJson.parse(batch.out(), ScoreResponse.newBuilder()).build();
        assertEquals(3, all.getResultsCount());
        assertEquals(single.getResults(0).getReward(), all.getResults(0).getReward(), 1e-6);
        assertEquals(single.getResults(0).getReward(), all.getResults(2).getReward(), 1e-6);

        Run text = cli("score", "--rpc", node.rpcUrl(), "--file", file.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("mode gated"), text.out());
    }

    @Test
    void evalPreferenceReportsEveryModeOverTheSelectedPairs() {
        Run r = cli("eval", "preference", ImportSourcesTest.SAMPLE.toString(), "--rpc", node.rpcUrl(),
                "--from-fraction", "0.9", "--limit", "6", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(6, o.get("pairs").getAsInt());
        var modes = o.getAsJsonArray("modes");
        assertEquals(3, modes.size());
        for (int i = 0; i < 3; i++) {
            JsonObject m = modes.get(i).getAsJsonObject();
            assertEquals(List.of("gated", "sampled", "mean").get(i), m.get("mode").getAsString());
            assertEquals(6, m.get("pairs").getAsInt());
            assertTrue(m.get("correct").getAsInt() + m.get("ties").getAsInt() <= 6);
        }
    }

    @Test
    void fidelityAndAggregateReadEveryWishAndEmbedItLocally() throws Exception {
        var wishes = LedgerWishes.fetchAll(new RpcClient(node.rpcUrl()), line -> { }).wishes();
        // A constitution made of the wishes' own desired texts covers all of their weight.
        Path constitution = dir.resolve("constitution.txt");
        Files.writeString(constitution, String.join("\n\n", wishes.stream()
                .map(w -> w.desired().replaceAll("\\s*\n\\s*", " ")).toList()));
        Run f = cli("fidelity", "--constitution", constitution.toString(), "--rpc", node.rpcUrl(), "--limit", "3",
                "--json");
        assertEquals(0, f.code(), f.err());
        JsonObject fo = JsonParser.parseString(f.out()).getAsJsonObject();
        assertEquals(wishes.size(), fo.get("wishes").getAsInt());
        assertEquals(1.0, fo.get("coverage").getAsDouble(), 1e-9, f.out());
        assertTrue(fo.get("mean_cosine").getAsDouble() > 0.5, f.out());
        assertEquals(3, fo.getAsJsonArray("least_covered").size());
        assertTrue(f.err().contains("embedded " + wishes.size() + "/" + wishes.size()), "progress shown: " + f.err());

        Run a = cli("aggregate", "--rpc", node.rpcUrl(), "--weighting", "sqrt", "--json");
        assertEquals(0, a.code(), a.err());
        JsonObject ao = JsonParser.parseString(a.out()).getAsJsonObject();
        assertEquals("sqrt", ao.get("weighting").getAsString());
        var axes = ao.getAsJsonArray("axes");
        assertEquals(2, axes.size());
        for (var axis : axes) {
            JsonObject overall = axis.getAsJsonObject().getAsJsonObject("overall");
            assertEquals(wishes.size(), overall.get("wishes").getAsInt());
            double alignment = overall.get("alignment").getAsDouble();
            assertTrue(alignment >= -1 && alignment <= 1, a.out());
            assertEquals(wishes.size(), axis.getAsJsonObject().getAsJsonObject("by_tag").getAsJsonObject("hh-rlhf")
                    .get("wishes").getAsInt());
        }
    }

    @Test
    void badArgumentsFailWithAClearMessageBeforeAnyWork() {
        Run mode = cli("score", "--rpc", node.rpcUrl(), "--prompt", "p", "--response", "r", "--mode", "median");
        assertEquals(2, mode.code());
        assertTrue(mode.err().contains("--mode must be one of gated, sampled, mean"), mode.err());
        Run unreachable = cli("score", "--rpc", node.rpcUrl(), "--prompt", "p", "--response", "r",
                "--min-height", "1000000000", "--wait-timeout", "1s");
        assertEquals(1, unreachable.code());
        assertTrue(unreachable.err().contains("scorer is at height") && unreachable.err().contains("not 1000000000"),
                unreachable.err());
        Run noKey = cli("import", "jsonl", ImportSourcesTest.SAMPLE.toString(), "--node", "127.0.0.1:1");
        assertEquals(2, noKey.code());
        assertTrue(noKey.err().contains("--dir D, or all of --node"), noKey.err());
        Run badFile = cli("import", "jsonl", ImportSourcesTest.SAMPLE.toString(), "--dir", dir.resolve("net").toString());
        assertEquals(2, badFile.code());
        assertTrue(badFile.err().contains("EMPTY_FIELD") && badFile.err().contains("line 1"), badFile.err());
    }
}
