package org.wishledger.testnet.scoringcli;

import java.util.List;
import java.util.Locale;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;

/**
 * Builds POST /score request templates from command-line parameters, rejecting a bad mode or weighting before any
 * network call (the node would answer BAD_REQUEST, but only after the user waited). Unset parameters stay unset, so
 * the node's defaults apply and its answer's {@code params} says which were used.
 */
public final class ScoreRequests {
    public static final List<String> MODES = List.of("gated", "sampled", "mean");
    public static final List<String> WEIGHTINGS = List.of("log", "linear", "sqrt");

    private ScoreRequests() {
    }

    /** Every argument may be null (= the node's default). Throws IllegalArgumentException on a bad value. */
    public static ScoreRequest template(String mode, Integer k, Double threshold, Integer samples, Long seed,
                                        String weighting) {
        ScoreRequest.Builder r = ScoreRequest.newBuilder();
        if (mode != null) {
            r.setMode(oneOf("--mode", mode, MODES));
        }
        if (k != null) {
            if (k < 1) {
                throw new IllegalArgumentException("--k must be >= 1, got " + k);
            }
            r.setK(k);
        }
        if (threshold != null) {
            if (!(threshold >= -1 && threshold <= 1)) {
                throw new IllegalArgumentException("--threshold is a cosine similarity in [-1, 1], got " + threshold);
            }
            r.setThreshold(threshold);
        }
        if (samples != null) {
            if (samples < 1) {
                throw new IllegalArgumentException("--samples must be >= 1, got " + samples);
            }
            r.setSamples(samples);
        }
        if (seed != null) {
            r.setSeed(seed);
        }
        if (weighting != null) {
            r.setWeighting(oneOf("--weighting", weighting, WEIGHTINGS));
        }
        return r.build();
    }

    /** The template with these items (the template's own items are replaced). */
    public static ScoreRequest withItems(ScoreRequest template, List<ScoreItem> items) {
        return template.toBuilder().clearItems().addAllItems(items).build();
    }

    public static ScoreItem item(String prompt, String response) {
        return ScoreItem.newBuilder().setPrompt(prompt).setResponse(response).build();
    }

    private static String oneOf(String option, String value, List<String> allowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) + ", got '"
                    + value + "'");
        }
        return v;
    }
}
