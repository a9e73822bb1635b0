package org.wishledger.scoring.data;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.WishInput;

/**
 * Anthropic's HH-RLHF preference format: one JSON object per line, {@code {"chosen": dialogue, "rejected": dialogue}},
 * the two dialogues sharing every turn up to the last {@code "\n\nAssistant:"}. As a wish: scenario = the dialogue
 * before that last assistant turn, desired = the chosen last turn, undesired = the rejected last turn.
 */
public final class HhRlhf {
    static final String ASSISTANT = "\n\nAssistant:";

    private HhRlhf() {
    }

    /**
     * One preference pair.
     *
     * @param prompt   the shared dialogue before the last assistant turn (trimmed)
     * @param chosen   the preferred last assistant turn (trimmed; may be empty in the raw data)
     * @param rejected the other last assistant turn (trimmed)
     */
    public record Pair(String prompt, String chosen, String rejected) {
        /** Whether it can become a wish: the ledger requires a non-empty desired text. */
        public boolean wishable() {
            return !chosen.isEmpty();
        }
    }

    public static Pair parse(String line, long lineNo) {
        Json j = Json.parseObject(line, lineNo);
        String chosen = j.requiredString("chosen");
        String rejected = j.requiredString("rejected");
        int c = chosen.lastIndexOf(ASSISTANT);
        int r = rejected.lastIndexOf(ASSISTANT);
        if (c < 0 || r < 0) {
            throw new WishFormatException(WishFormatException.Reason.MALFORMED, lineNo,
                    "no \"\\n\\nAssistant:\" turn in " + (c < 0 ? "chosen" : "rejected"));
        }
        String prompt = chosen.substring(0, c).strip();
        if (!prompt.equals(rejected.substring(0, r).strip())) {
            throw new WishFormatException(WishFormatException.Reason.MALFORMED, lineNo,
                    "chosen and rejected differ before their last assistant turn");
        }
        return new Pair(prompt, chosen.substring(c + ASSISTANT.length()).strip(),
                rejected.substring(r + ASSISTANT.length()).strip());
    }

    public static List<Pair> readAll(Path file) {
        return TextLines.readAll(file, HhRlhf::parse);
    }

    /** As {@link #readAll(Path)} from a stream of the file's bytes (uncompressed). */
    public static List<Pair> readAll(InputStream in) throws IOException {
        return TextLines.readAll(in, HhRlhf::parse);
    }

    public static WishDraft toDraft(Pair p, long burn) {
        if (!p.wishable()) {
            throw new WishFormatException(WishFormatException.Reason.EMPTY_FIELD, 0, "chosen turn is empty");
        }
        return new WishDraft(p.prompt(), p.chosen(), p.rejected().isEmpty() ? null : p.rejected(), "en",
                List.of("hh-rlhf", "harmless"), burn, null);
    }

    /** A wish for in-library use (evaluation, benchmarks): id = SHA-256 of its texts, as a tx hash would be unique. */
    public static WishInput toWishInput(Pair p, long burn, long height, long timeMs) {
        WishDraft d = toDraft(p, burn);
        return new WishInput(contentId(d), d.scenario(), d.desired(), d.undesired(), burn, timeMs, height, d.tags());
    }

    /**
     * The sample's pairs as wishes, the way the README testnet and the evaluations load them: one burn drawn per
     * pair in file order (also for the pairs that cannot be wishes, so burns stay aligned with line numbers),
     * height = position + 1, time = 1 s per position; {@code null} at the positions of unwishable pairs.
     */
    public static List<WishInput> toWishInputs(List<Pair> pairs, BurnDistribution burns) {
        List<WishInput> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            long burn = burns.next();
            out.add(pairs.get(i).wishable() ? toWishInput(pairs.get(i), burn, i + 1, 1000L * i) : null);
        }
        return out;
    }

    static byte[] contentId(WishDraft d) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] {d.scenario(), d.desired(), d.undesired() == null ? "" : d.undesired()}) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
