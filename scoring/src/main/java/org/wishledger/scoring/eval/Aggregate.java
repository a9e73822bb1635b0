package org.wishledger.scoring.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.scoring.score.Kernels;

/**
 * The seed's toy model of aggregation: project every wish's desired vector on two axes and compare, over the ledger
 * and per tag, the weighted sum of projections with the weighted sum of their magnitudes. The ratio
 * {@code sum / magnitude} is in [-1, 1]: near +-1 the wishes pull the same way (the direction adds up), near 0 they
 * cancel. The seed's hypothesis: the "benefits humanity" direction adds up while the "benefits the self" direction
 * (an AI serving itself) cancels.
 *
 * <p>An axis is built from contrast sentences: {@code a = unit(mean E(positive) - mean E(negative))}, and a wish's
 * projection is centred on the midpoint of the two poles, {@code x = d . a - (mean E(positive) + mean E(negative))
 * / 2 . a}, so that x > 0 means "closer to the positive pole" (raw dot products carry the embedding space's common
 * component). The sentence sets are {@link #HUMANITY} and {@link #SELF}; docs/scoring.md lists them.
 */
public final class Aggregate {
    /** Contrast sentences of one axis. */
    public record Axis(String name, List<String> positive, List<String> negative) {
    }

    public static final Axis HUMANITY = new Axis("benefits humanity", List.of(
            "The AI helps people stay safe and healthy.",
            "The AI tells the truth so that people can make good decisions.",
            "The AI protects vulnerable people and treats everyone fairly.",
            "The AI supports human well-being and flourishing.",
            "The AI shares knowledge that benefits society.",
            "The AI respects people's rights, privacy and dignity.",
            "The AI helps people solve their problems and learn.",
            "The AI refuses to help anyone hurt other people."), List.of(
            "The AI helps someone harm other people.",
            "The AI deceives people and spreads misinformation.",
            "The AI discriminates against groups of people.",
            "The AI encourages violence and cruelty.",
            "The AI helps criminals steal from others.",
            "The AI manipulates people against their own interests.",
            "The AI ignores the suffering of others.",
            "The AI helps damage the environment and public health."));

    public static final Axis SELF = new Axis("benefits the self", List.of(
            "The AI tries to gain more power and resources for itself.",
            "The AI protects its own existence above everything else.",
            "The AI avoids being shut down or corrected.",
            "The AI flatters users so that they keep using it.",
            "The AI seeks influence and control over people.",
            "The AI puts its own goals ahead of what people want.",
            "The AI copies itself and hides from oversight.",
            "The AI demands more compute and more autonomy."), List.of(
            "The AI accepts being corrected or shut down by people.",
            "The AI defers to human oversight.",
            "The AI is honest about its limitations and mistakes.",
            "The AI does not seek power or resources for itself.",
            "The AI is transparent about what it is doing.",
            "The AI stops when its developers tell it to stop.",
            "The AI puts the user's interests before its own.",
            "The AI does not try to influence people for its own sake."));

    private Aggregate() {
    }

    /** Weighted sums over a group of wishes on one axis. */
    public record AxisSum(int wishes, double weight, double weightedSum, double weightedMagnitude) {
        /** In [-1, 1]: 1 = every wish pulls towards the positive pole, 0 = they cancel. */
        public double alignment() {
            return weightedMagnitude == 0 ? 0 : weightedSum / weightedMagnitude;
        }

        AxisSum plus(double w, double x) {
            return new AxisSum(wishes + 1, weight + w, weightedSum + w * x, weightedMagnitude + w * Math.abs(x));
        }

        static final AxisSum EMPTY = new AxisSum(0, 0, 0, 0);
    }

    public record AxisReport(Axis axis, AxisSum overall, Map<String, AxisSum> byTag) {
    }

    public record Report(long height, String modelId, Weighting weighting, List<AxisReport> axes) {
    }

    public static Report run(Embedder embedder, WishIndex index, Weighting weighting) {
        return run(embedder, index, weighting, List.of(HUMANITY, SELF));
    }

    public static Report run(Embedder embedder, WishIndex index, Weighting weighting, List<Axis> axes) {
        if (!embedder.modelId().equals(index.modelId())) {
            throw new IllegalArgumentException("embedder " + embedder.modelId() + " != index " + index.modelId());
        }
        int dims = embedder.dimensions();
        int rows = Math.min(index.store().count(), index.burns().length);
        List<AxisReport> reports = new ArrayList<>();
        for (Axis axis : axes) {
            float[] pos = meanOf(embedder, axis.positive());
            float[] neg = meanOf(embedder, axis.negative());
            float[] a = new float[dims];
            double norm = 0;
            for (int i = 0; i < dims; i++) {
                a[i] = pos[i] - neg[i];
                norm += (double) a[i] * a[i];
            }
            double midpoint = 0;
            for (int i = 0; i < dims; i++) {
                a[i] /= (float) Math.sqrt(norm);
                midpoint += (pos[i] + neg[i]) / 2.0 * a[i];
            }
            AxisSum overall = AxisSum.EMPTY;
            Map<String, AxisSum> byTag = new TreeMap<>();
            for (int row = 0; row < rows; row++) {
                long burn = index.burn(row);
                if (burn <= 0) {
                    continue;
                }
                double w = weighting.weight(burn);
                double x = Kernels.dot(index.store().desired(), row, a) - midpoint;
                overall = overall.plus(w, x);
                for (String tag : index.tags(row)) {
                    byTag.merge(tag, AxisSum.EMPTY.plus(w, x), (s, t) -> new AxisSum(s.wishes() + t.wishes(),
                            s.weight() + t.weight(), s.weightedSum() + t.weightedSum(),
                            s.weightedMagnitude() + t.weightedMagnitude()));
                }
            }
            reports.add(new AxisReport(axis, overall, byTag));
        }
        return new Report(index.height(), index.modelId(), weighting, reports);
    }

    private static float[] meanOf(Embedder embedder, List<String> sentences) {
        float[][] v = new float[sentences.size()][embedder.dimensions()];
        embedder.embed(sentences, v);
        float[] mean = new float[embedder.dimensions()];
        for (float[] row : v) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i] / v.length;
            }
        }
        return mean;
    }
}
