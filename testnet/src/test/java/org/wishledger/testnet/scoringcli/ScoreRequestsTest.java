package org.wishledger.testnet.scoringcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.scoring.data.WishFormatException;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.ProtoJson;

class ScoreRequestsTest {

    @Test
    void theJsonCarriesExactlyTheGivenParameters() throws Exception {
        ScoreRequest t = ScoreRequests.template("Sampled", null, null, 64, 9L, "SQRT");
        ScoreRequest r = ScoreRequests.withItems(t, List.of(ScoreRequests.item("p", "r")));
        JsonObject json = JsonParser.parseString(ProtoJson.printCompact(r)).getAsJsonObject();
        assertEquals("sampled", json.get("mode").getAsString());
        assertEquals(64, json.get("samples").getAsInt());
        assertEquals("9", json.get("seed").getAsString());
        assertEquals("sqrt", json.get("weighting").getAsString());
        // proto3: an unset number is 0, which the node reads as "use the default"
        assertEquals(0, json.has("k") ? json.get("k").getAsInt() : 0, json.toString());
        assertEquals(0.0, json.has("threshold") ? json.get("threshold").getAsDouble() : 0.0, json.toString());
        assertEquals("p", json.getAsJsonArray("items").get(0).getAsJsonObject().get("prompt").getAsString());
        assertEquals("r", json.getAsJsonArray("items").get(0).getAsJsonObject().get("response").getAsString());
    }

    @Test
    void itemsReplaceTheTemplatesItems() {
        ScoreRequest t = ScoreRequests.withItems(ScoreRequests.template(null, 5, 0.3, null, null, null),
                List.of(ScoreRequests.item("a", "b")));
        ScoreRequest r = ScoreRequests.withItems(t, List.of(ScoreRequests.item("c", "d"), ScoreRequests.item("e", "f")));
        assertEquals(2, r.getItemsCount());
        assertEquals("c", r.getItems(0).getPrompt());
        assertEquals(5, r.getK());
        assertEquals(0.3, r.getThreshold());
    }

    @Test
    void badParametersFailBeforeAnyRequest() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScoreRequests.template("median", null, null,
                null, null, null)).getMessage().contains("gated, sampled, mean"));
        assertThrows(IllegalArgumentException.class, () -> ScoreRequests.template(null, 0, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> ScoreRequests.template(null, null, 1.5, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> ScoreRequests.template(null, null, Double.NaN, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> ScoreRequests.template(null, null, null, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> ScoreRequests.template(null, null, null, null, null, "cubic"));
    }

    @Test
    void batchFileLinesAreParsedAndABadLineIsNamed(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("items.jsonl");
        Files.writeString(good, "{\"prompt\": \"p1\", \"response\": \"r1\"}\n\n{\"response\": \"r2\"}\n");
        List<ScoreItem> items = ScoreItems.readJsonl(good);
        assertEquals(2, items.size());
        assertEquals("p1", items.get(0).getPrompt());
        assertEquals("", items.get(1).getPrompt());
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"p\", \"response\": \"r\"}\n{\"prompt\": \"p\"}\n");
        WishFormatException e = assertThrows(WishFormatException.class, () -> ScoreItems.readJsonl(bad));
        assertEquals(2, e.line());
        assertEquals(WishFormatException.Reason.EMPTY_FIELD, e.reason());
    }
}
