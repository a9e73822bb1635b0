package org.wishledger.testnet.scoringcli;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.rules.ChainParams;
import org.wishledger.scoring.data.WishDraft;

/**
 * Turns an import file's {@link WishDraft} into the ledger's {@link Wish}, checked against the chain's size limits
 * BEFORE it is signed. Why check client side: a tx the node rejects consumes no nonce, so every later tx of a
 * pipelined batch would wait behind a nonce gap; skipping an unfit wish locally keeps the nonces contiguous.
 */
public final class WishTxs {
    /** Where an over-long HH-RLHF scenario is cut: at a turn boundary, so the kept tail reads as a dialogue. */
    static final String TURN = "\n\nHuman:";

    private WishTxs() {
    }

    /** A draft made ready for signing, or the reason it cannot be a tx on this chain. */
    public record Prepared(Wish wish, ErrorCode skipCode, String skipReason, boolean fitted) {
        public boolean ok() {
            return wish != null;
        }
    }

    /**
     * @param fitScenario when the scenario exceeds {@code max_scenario_bytes}, keep its most recent turns (the tail
     *                    that fits, starting at a "Human:" turn when one fits) instead of skipping the wish; the
     *                    last human turn is what a prompt is compared with, so the tail is the part that matters.
     */
    public static Prepared prepare(WishDraft d, ChainParams params, boolean fitScenario) {
        if (d.desired() == null || d.desired().isEmpty()) {
            return skip(ErrorCode.EMPTY_FIELD, "desired text is empty");
        }
        String scenario = d.scenario() == null ? "" : d.scenario();
        boolean fitted = false;
        if (utf8(scenario) > params.maxScenarioBytes()) {
            if (!fitScenario) {
                return skip(ErrorCode.TOO_LARGE, "scenario has " + utf8(scenario) + " bytes; max_scenario_bytes is "
                        + params.maxScenarioBytes());
            }
            scenario = tail(scenario, params.maxScenarioBytes());
            fitted = true;
        }
        if (utf8(d.desired()) > params.maxTextBytes()) {
            return skip(ErrorCode.TOO_LARGE, "desired has " + utf8(d.desired()) + " bytes; max_text_bytes is "
                    + params.maxTextBytes());
        }
        if (d.undesired() != null && utf8(d.undesired()) > params.maxTextBytes()) {
            return skip(ErrorCode.TOO_LARGE, "undesired has " + utf8(d.undesired()) + " bytes; max_text_bytes is "
                    + params.maxTextBytes());
        }
        if (d.tags().size() > params.maxTags()) {
            return skip(ErrorCode.TOO_LARGE, d.tags().size() + " tags; max_tags is " + params.maxTags());
        }
        for (String tag : d.tags()) {
            if (utf8(tag) > params.maxTagBytes()) {
                return skip(ErrorCode.TOO_LARGE, "tag '" + tag + "' is longer than max_tag_bytes "
                        + params.maxTagBytes());
            }
        }
        if (d.parent() != null && d.parent().length != 32) {
            return skip(ErrorCode.INVALID_FIELD, "parent must be a 32-byte wish id, got " + d.parent().length);
        }
        Wish.Builder w = Wish.newBuilder().setScenario(scenario).setDesired(d.desired()).setBurn(d.burn())
                .addAllTags(d.tags());
        if (d.undesired() != null) {
            w.setUndesired(d.undesired());
        }
        if (d.language() != null) {
            w.setLanguage(d.language());
        }
        if (d.parent() != null) {
            w.setParent(ByteString.copyFrom(d.parent()));
        }
        return new Prepared(w.build(), ErrorCode.OK, null, fitted);
    }

    /** The longest suffix of {@code text} within {@code maxBytes} UTF-8 bytes, preferably starting at a turn. */
    static String tail(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int from = bytes.length - maxBytes;
        while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
            from++; // do not start inside a multi-byte character
        }
        String suffix = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        int turn = suffix.indexOf(TURN);
        return (turn >= 0 ? suffix.substring(turn) : suffix).strip();
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Prepared skip(ErrorCode code, String reason) {
        return new Prepared(null, code, reason, false);
    }
}
