package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.ledger.proto.VoteType;

/**
 * The properties every run must keep: agreement and validity of honest decisions, and that no honest
 * validator ever signs two different messages for one (height, round, step) — restarts included, since
 * this record lives outside the nodes.
 */
final class Checker {
    private final ValueRegistry registry;
    private final Map<Long, ByteString> firstDecision = new HashMap<>();
    private final Map<String, ByteString> signed = new HashMap<>();
    final List<String> violations = new ArrayList<>();
    int agreement;
    int validity;
    int doubleSigns;

    Checker(ValueRegistry registry) {
        this.registry = registry;
    }

    void onDecide(int node, long height, ByteString value, long now) {
        ByteString first = firstDecision.putIfAbsent(height, value);
        if (first != null && !first.equals(value)) {
            agreement++;
            violations.add("AGREEMENT: node " + node + " decided " + short8(value) + " at height " + height
                    + " but another honest node decided " + short8(first) + " (t=" + now + "ms)");
        }
        if (!registry.wasProposed(value) || !registry.isValid(value)) {
            validity++;
            violations.add("VALIDITY: node " + node + " decided " + short8(value) + " at height " + height
                    + (registry.wasProposed(value) ? " which is invalid" : " which nobody proposed"));
        }
    }

    /** Every message an honest validator signed; step: 0 proposal, else the vote type. */
    void onSigned(int node, long height, int round, int step, ByteString value) {
        String key = node + "/" + height + "/" + round + "/" + step;
        ByteString earlier = signed.putIfAbsent(key, value);
        if (earlier != null && !earlier.equals(value)) {
            doubleSigns++;
            violations.add("DOUBLE-SIGN: honest node " + node + " signed " + stepName(step) + " h=" + height + " r="
                    + round + " for " + short8(earlier) + " and " + short8(value));
        }
    }

    static String stepName(int step) {
        return step == 0 ? "proposal" : VoteType.forNumber(step).name();
    }

    static String short8(ByteString v) {
        if (v.isEmpty()) {
            return "nil";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append(String.format("%02x", v.byteAt(i)));
        }
        return sb.toString();
    }
}
