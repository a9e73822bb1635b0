package org.wishledger.scoring.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.embed.OnnxEmbedder;
import org.wishledger.scoring.embed.OnnxModel;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.scoring.score.ScoreParams;

/**
 * The judge table of docs/scoring.md: 5-fold accuracy on the dev sample for each in-process embedding judge and
 * mode, with equal and with the shipped (log-normal) burns, each with a Wilson 95% interval and an exact McNemar
 * test against the old default (MiniLM, gated, linear weights) under the same burns.
 * Usage: {@code JudgeExperiment FILE CACHE_DIR [model ...]} (models: minilm e5-small bge-small; default all).
 */
public final class JudgeExperiment {
    private JudgeExperiment() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "data/hh-rlhf-harmless-dev.jsonl.gz");
        Path cache = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("wl-judges");
        List<OnnxModel> models = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            models.add(OnnxModel.byName(args[i]));
        }
        if (models.isEmpty()) {
            models = List.of(OnnxModel.values());
        }
        List<HhRlhf.Pair> all = HhRlhf.readAll(file);
        List<ScoreParams> configs = new ArrayList<>();
        for (Weighting w : List.of(Weighting.LINEAR, Weighting.LOG)) {
            configs.add(ScoreParams.gated(ScoreParams.DEFAULT_K, 0.2f).withWeighting(w));
            configs.add(ScoreParams.sampled(1024, 1).withWeighting(w));
            configs.add(ScoreParams.mean().withWeighting(w));
        }
        Map<String, List<FoldedPreference.Outcome>> equal = new LinkedHashMap<>();
        Map<String, List<FoldedPreference.Outcome>> shipped = new LinkedHashMap<>();
        for (OnnxModel m : models) {
            long t0 = System.nanoTime();
            OnnxEmbedder embedder = new OnnxEmbedder(m);
            equal.put(embedder.modelId(), FoldedPreference.run(embedder, all, 0, 5, configs, cache));
            shipped.put(embedder.modelId(), FoldedPreference.run(embedder, all, BurnDistribution.DEFAULT_SIGMA, 5,
                    configs, cache));
            System.out.printf("%s: %.0f s%n", embedder.modelId(), (System.nanoTime() - t0) / 1e9);
        }
        System.out.println("\n| judge | mode, weighting | equal burns | shipped burns | vs MiniLM gated linear"
                + " (equal; shipped) |");
        System.out.println("|---|---|---|---|---|");
        boolean[] baseEq = equal.values().iterator().next().get(0).correct();
        boolean[] baseSh = shipped.values().iterator().next().get(0).correct();
        for (String model : equal.keySet()) {
            for (int c = 0; c < configs.size(); c++) {
                FoldedPreference.Outcome e = equal.get(model).get(c);
                FoldedPreference.Outcome s = shipped.get(model).get(c);
                System.out.printf("| %s | %s | %s | %s | p = %.2g; %.2g |%n", model, e.label(), e.interval(),
                        s.interval(), PreferenceStats.mcnemar(e.correct(), baseEq).pValue(),
                        PreferenceStats.mcnemar(s.correct(), baseSh).pValue());
            }
        }
    }
}
