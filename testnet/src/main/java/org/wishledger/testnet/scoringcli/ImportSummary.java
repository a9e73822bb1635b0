package org.wishledger.testnet.scoringcli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.wishledger.ledger.proto.ErrorCode;

/**
 * What an import did. Counts add up: {@code read = skipped + submitted}, and {@code submitted = committed + accepted
 * + rejected + timedOut}.
 *
 * @param skipped      drafts not sent, by the code a node would have answered (checked locally, see {@link WishTxs})
 * @param rejected     txs the node rejected, by code
 * @param fitted       sent wishes whose scenario was cut to max_scenario_bytes
 * @param firstHeight  lowest commit height (0 when none committed)
 * @param lastHeight   highest commit height
 * @param problems     the first few skip/rejection messages, for the user
 */
public record ImportSummary(int read, int submitted, int committed, int accepted, int timedOut,
                            Map<ErrorCode, Integer> skipped, Map<ErrorCode, Integer> rejected, int fitted,
                            long firstHeight, long lastHeight, double seconds, List<String> problems) {

    public int skippedTotal() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int rejectedTotal() {
        return rejected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** True when every submitted tx reached the requested state and nothing was skipped. */
    public boolean allGood() {
        return skippedTotal() == 0 && rejectedTotal() == 0 && timedOut == 0;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("read", read);
        o.addProperty("submitted", submitted);
        o.addProperty("committed", committed);
        o.addProperty("accepted", accepted);
        o.addProperty("timed_out", timedOut);
        o.add("skipped", codes(skipped));
        o.add("rejected", codes(rejected));
        o.addProperty("fitted_scenarios", fitted);
        o.addProperty("first_height", firstHeight);
        o.addProperty("last_height", lastHeight);
        o.addProperty("seconds", Math.round(seconds * 1000) / 1000.0);
        JsonArray p = new JsonArray();
        problems.forEach(p::add);
        o.add("problems", p);
        return o;
    }

    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("read %d, submitted %d, committed %d", read, submitted, committed));
        if (accepted > 0) {
            b.append(", accepted (not awaited) ").append(accepted);
        }
        b.append(String.format(" in %.1f s (%.0f tx/s)", seconds, seconds > 0 ? submitted / seconds : 0));
        if (committed > 0) {
            b.append(String.format("%nheights %d..%d", firstHeight, lastHeight));
        }
        if (fitted > 0) {
            b.append(String.format("%n%d scenarios cut to their last turns to fit max_scenario_bytes", fitted));
        }
        if (!rejected.isEmpty()) {
            b.append("\nrejected: ").append(rejected);
        }
        if (!skipped.isEmpty()) {
            b.append("\nskipped (not sent): ").append(skipped);
        }
        if (timedOut > 0) {
            b.append("\ntimed out: ").append(timedOut);
        }
        for (String p : problems) {
            b.append("\n  ").append(p);
        }
        return b.toString();
    }

    private static JsonObject codes(Map<ErrorCode, Integer> m) {
        JsonObject o = new JsonObject();
        m.forEach((code, n) -> o.addProperty(code.name(), n));
        return o;
    }
}
