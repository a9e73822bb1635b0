package org.wishledger.testnet.scoringcli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.eval.Aggregate;
import org.wishledger.scoring.eval.Fidelity;
import org.wishledger.scoring.eval.PreferenceEval;

/** JSON and text renderings of the scoring library's experiment reports (the library computes, this only prints). */
public final class ExperimentReports {
    private ExperimentReports() {
    }

    /** Wishes by hex id, to show the texts of the wishes a report names by id. */
    public static Map<String, WishInput> byId(List<WishInput> wishes) {
        Map<String, WishInput> m = new HashMap<>();
        for (WishInput w : wishes) {
            m.put(Hex.encode(w.id()), w);
        }
        return m;
    }

    /**
     * {@code ledgerHeight} is the chain's height when the wishes were fetched; the report's own height is that of
     * the newest wish (empty blocks after it change nothing).
     */
    public static JsonObject fidelity(Fidelity.Report r, Map<String, WishInput> wishes, long ledgerHeight) {
        JsonObject o = new JsonObject();
        o.addProperty("ledger_height", ledgerHeight);
        o.addProperty("last_wish_height", r.height());
        o.addProperty("model", r.modelId());
        o.addProperty("weighting", r.weighting().name().toLowerCase());
        o.addProperty("threshold", r.threshold());
        o.addProperty("paragraphs", r.paragraphs().size());
        o.addProperty("wishes", r.wishes());
        o.addProperty("total_weight", r.totalWeight());
        o.addProperty("mean_cosine", r.meanCosine());
        o.addProperty("coverage", r.coverage());
        JsonArray least = new JsonArray();
        for (Fidelity.Gap g : r.leastCovered()) {
            JsonObject x = new JsonObject();
            String id = Hex.encode(g.wishId());
            x.addProperty("wish_id", id);
            x.addProperty("weight", g.weight());
            x.addProperty("best_cosine", g.bestCosine());
            x.addProperty("nearest_paragraph", g.nearestParagraph() + 1);
            WishInput w = wishes.get(id);
            if (w != null) {
                x.addProperty("desired", w.desired());
            }
            least.add(x);
        }
        o.add("least_covered", least);
        return o;
    }

    public static String fidelityText(Fidelity.Report r, Map<String, WishInput> wishes, long ledgerHeight) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%d wishes (total weight %.0f, %s) against %d paragraphs; model %s, ledger height %d%n",
                r.wishes(), r.totalWeight(), r.weighting().name().toLowerCase(), r.paragraphs().size(), r.modelId(),
                ledgerHeight));
        b.append(String.format("cosine(weighted mean desired, constitution mean) = %.4f%n", r.meanCosine()));
        b.append(String.format("coverage (weight with a paragraph at cosine >= %.2f) = %.1f%%%n", r.threshold(),
                100 * r.coverage()));
        b.append(String.format("the %d heaviest wishes the constitution covers least:%n", r.leastCovered().size()));
        for (Fidelity.Gap g : r.leastCovered()) {
            WishInput w = wishes.get(Hex.encode(g.wishId()));
            b.append(String.format("  %10.0f  cos %.3f  §%-3d %s  %s%n", g.weight(), g.bestCosine(),
                    g.nearestParagraph() + 1, Hex.encode(g.wishId()).substring(0, 12),
                    w == null ? "" : clip(w.desired(), 70)));
        }
        return b.toString().stripTrailing();
    }

    public static JsonObject aggregate(Aggregate.Report r, long ledgerHeight) {
        JsonObject o = new JsonObject();
        o.addProperty("ledger_height", ledgerHeight);
        o.addProperty("last_wish_height", r.height());
        o.addProperty("model", r.modelId());
        o.addProperty("weighting", r.weighting().name().toLowerCase());
        JsonArray axes = new JsonArray();
        for (Aggregate.AxisReport a : r.axes()) {
            JsonObject x = new JsonObject();
            x.addProperty("axis", a.axis().name());
            x.add("overall", sum(a.overall()));
            JsonObject tags = new JsonObject();
            a.byTag().forEach((tag, s) -> tags.add(tag, sum(s)));
            x.add("by_tag", tags);
            axes.add(x);
        }
        o.add("axes", axes);
        return o;
    }

    public static String aggregateText(Aggregate.Report r, long ledgerHeight) {
        StringBuilder b = new StringBuilder(String.format("model %s, ledger height %d, weighting %s%n", r.modelId(),
                ledgerHeight, r.weighting().name().toLowerCase()));
        b.append("alignment = weighted sum / weighted magnitude: 1 = every wish pulls the same way, 0 = they cancel\n");
        for (Aggregate.AxisReport a : r.axes()) {
            b.append(String.format("%n%s%n  %-24s %7s %14s %14s %10s%n", a.axis().name(), "tag", "wishes", "sum",
                    "magnitude", "alignment"));
            b.append(row("(all)", a.overall()));
            a.byTag().forEach((tag, s) -> b.append(row(tag, s)));
        }
        return b.toString().stripTrailing();
    }

    public static JsonObject accuracy(PreferenceEval.Accuracy a) {
        JsonObject o = new JsonObject();
        o.addProperty("mode", a.label());
        o.addProperty("pairs", a.pairs());
        o.addProperty("correct", a.correct());
        o.addProperty("ties", a.ties());
        o.addProperty("accuracy", a.accuracy());
        o.addProperty("ci95", a.ci95());
        return o;
    }

    private static String row(String label, Aggregate.AxisSum s) {
        return String.format("  %-24s %7d %14.1f %14.1f %+10.3f%n", clip(label, 24), s.wishes(), s.weightedSum(),
                s.weightedMagnitude(), s.alignment());
    }

    private static JsonObject sum(Aggregate.AxisSum s) {
        JsonObject o = new JsonObject();
        o.addProperty("wishes", s.wishes());
        o.addProperty("weight", s.weight());
        o.addProperty("weighted_sum", s.weightedSum());
        o.addProperty("weighted_magnitude", s.weightedMagnitude());
        o.addProperty("alignment", s.alignment());
        return o;
    }

    static String clip(String s, int max) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
