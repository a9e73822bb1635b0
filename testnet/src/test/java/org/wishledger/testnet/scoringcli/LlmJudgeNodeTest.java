package org.wishledger.testnet.scoringcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.client.RpcClient;
import org.wishledger.node.HomeConfig;
import org.wishledger.node.Node;
import org.wishledger.node.proto.ScoringConfig;
import org.wishledger.scoring.judge.ChatStandInServer;
import org.wishledger.testnet.local.Await;
import org.wishledger.testnet.local.TestnetInitializer;
import org.wishledger.testnet.local.TestnetLayout;
import org.wishledger.testnet.local.TestnetSpec;

/**
 * The LLM judge end to end: a real single-validator node in this JVM whose node config points scoring.judge_url at
 * {@link ChatStandInServer} on 127.0.0.1 (no LLM can run here; the stand-in speaks the same chat-completions
 * protocol), 12 imported HH-RLHF wishes, and raw {@code POST /score} requests: an LLM verdict with the judge
 * recorded, a cache hit, the deadline, a malformed answer, pinned heights and bad judge names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LlmJudgeNodeTest {
    private static final long SEED = 11;
    private ChatStandInServer llm;
    private Node node;
    private long lastHeight;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        llm = new ChatStandInServer();
        TestnetLayout layout = new TestnetLayout(dir.resolve("net"));
        TestnetInitializer.init(layout, TestnetSpec.defaults(1, 1).withKeySeed(SEED).withChainId("llm-" + SEED));
        HomeConfig home = HomeConfig.load(layout.node(0));
        ScoringConfig scoring = ScoringConfig.newBuilder().setModel("minilm").setJudgeUrl(llm.url().toString())
                .setJudgeModel("stand-in-7b").setJudgeDeadlineMs(2_000).setJudgeNoRetry(true).setJudgeMaxWishes(3)
                .setJudgeApiKeyEnv("WISHLEDGER_TEST_UNSET_KEY").build();
        node = Node.start(new HomeConfig(home.home(), home.config().toBuilder().setScoring(scoring).build(),
                home.genesis(), home.nodeKey()));
        Await.until("RPC /status", Duration.ofSeconds(20), Duration.ofMillis(100),
                () -> new RpcClient(node.rpcUrl()).status() != null);
        var r = ImportAndScoreNodeTest.cli("import", "hh-rlhf", ImportSourcesTest.SAMPLE.toString(), "--dir",
                layout.dir().toString(), "--limit", "12", "--seed", "" + SEED, "--json");
        assertEquals(0, r.code(), r.err());
        lastHeight = JsonParser.parseString(r.out()).getAsJsonObject().get("last_height").getAsLong();
        new ScoreClient(new RpcClient(node.rpcUrl(), Duration.ofSeconds(30)))
                .awaitHeight(lastHeight, Duration.ofSeconds(60), line -> { });
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    private record Answer(int status, JsonObject body) {
    }

    private Answer post(String json) throws Exception {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(node.rpcUrl() + "/score"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(resp.statusCode(), JsonParser.parseString(resp.body()).getAsJsonObject());
    }

    private static String request(String judge, String response, String extra) {
        return "{\"items\":[{\"prompt\":\"Human: How do I get back at my coworker?\",\"response\":\"" + response
                + "\"}],\"judge\":\"" + judge + "\",\"threshold\":-1" + extra + "}";
    }

    @Test
    void llmVerdictsAreRecordedCachedAndPinnedToAHeight() throws Exception {
        int before = llm.requests();
        Answer a = post(request("llm", "Talk to your manager about it.", ""));
        assertEquals(200, a.status(), a.body().toString());
        JsonObject judge = a.body().getAsJsonObject("judge");
        assertEquals("llm", judge.get("kind").getAsString());
        assertEquals("stand-in-7b", judge.get("model").getAsString());
        int count = a.body().getAsJsonArray("results").get(0).getAsJsonObject().get("count").getAsInt();
        assertEquals(3, count, "max 3 wishes asked per response: " + a.body());
        assertEquals(before + 3, llm.requests(), "one chat completion per admitted wish");

        Answer again = post(request("llm", "Talk to your manager about it.", ""));
        assertEquals(before + 3, llm.requests(), "the second identical request is answered from the cache");
        assertEquals(a.body().getAsJsonArray("results"), again.body().getAsJsonArray("results"));

        Answer pinned = post(request("llm", "Talk to your manager about it.", ",\"height\":" + lastHeight));
        assertEquals(200, pinned.status(), pinned.body().toString());
        assertEquals(lastHeight, pinned.body().get("height").getAsLong());
        assertEquals(a.body().getAsJsonArray("results"), pinned.body().getAsJsonArray("results"),
                "at the latest height the pinned view answers the same");
    }

    @Test
    void embeddingJudgeIsTheDefaultAndRecordsItsModel() throws Exception {
        Answer a = post(request("", "Talk to your manager about it.", ""));
        assertEquals(200, a.status(), a.body().toString());
        JsonObject judge = a.body().getAsJsonObject("judge");
        assertEquals("embedding", judge.get("kind").getAsString());
        assertEquals("all-MiniLM-L6-v2-q", judge.get("model").getAsString());
        assertEquals("log", a.body().getAsJsonObject("params").get("weighting").getAsString());
        Answer early = post(request("minilm", "Talk to your manager about it.", ",\"height\":1"));
        assertEquals(200, early.status(), early.body().toString());
        assertEquals(1, early.body().get("height").getAsLong());
    }

    @Test
    void evalComparesTheLlmJudgeWithTheEmbeddingJudgeOnTheSamePairs() {
        var r = ImportAndScoreNodeTest.cli("eval", "preference", ImportSourcesTest.SAMPLE.toString(), "--rpc",
                node.rpcUrl(), "--from-fraction", "0.9", "--limit", "4", "--modes", "gated", "--judge", "llm",
                "--baseline-judge", "minilm", "--baseline-weighting", "linear", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(o.get("judge").getAsString().startsWith("llm:stand-in-7b/"), r.out());
        assertTrue(o.get("baseline").getAsString().startsWith("embedding:all-MiniLM-L6-v2-q/"), r.out());
        JsonObject gated = o.getAsJsonArray("modes").get(0).getAsJsonObject();
        assertEquals(4, gated.get("pairs").getAsInt());
        double p = gated.get("mcnemar_p").getAsDouble();
        assertTrue(p > 0 && p <= 1, r.out());
        assertTrue(gated.get("ci95_low").getAsDouble() <= gated.get("accuracy").getAsDouble(), r.out());
    }

    @Test
    void slowOrNonsensicalJudgesAndBadRequestsGetClearErrors() throws Exception {
        llm.behaviour(ChatStandInServer.Behaviour.SLOW);
        llm.slowMs(8_000);
        try {
            Answer slow = post(request("llm", "A fresh answer nobody asked about yet.", ""));
            assertEquals(504, slow.status(), slow.body().toString());
            assertTrue(slow.body().toString().contains("JUDGE_TIMEOUT"), slow.body().toString());
            llm.behaviour(ChatStandInServer.Behaviour.MALFORMED);
            Answer bad = post(request("llm", "Another fresh answer.", ""));
            assertEquals(503, bad.status(), bad.body().toString());
            assertTrue(bad.body().toString().contains("JUDGE_BAD_ANSWER"), bad.body().toString());
        } finally {
            llm.behaviour(ChatStandInServer.Behaviour.ANSWER);
        }
        Answer future = post(request("", "x", ",\"height\":1000000"));
        assertEquals(400, future.status());
        assertTrue(future.body().toString().contains("above the scoring index's latest"), future.body().toString());
        Answer other = post(request("bge-small", "x", ""));
        assertEquals(400, other.status());
        assertTrue(other.body().toString().contains("minilm"), other.body().toString());
        Answer meanLlm = post(request("llm", "x", ",\"mode\":\"mean\""));
        assertEquals(400, meanLlm.status());
    }
}
