package org.wishledger.scoring.eval;

import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;

/**
 * Preference accuracy: the share of held-out pairs whose chosen answer gets a strictly higher reward than the
 * rejected one, with the wishes taken from a disjoint (earlier) part of the same sample. Ties count as misses
 * and are reported.
 */
public final class PreferenceEval {
    private PreferenceEval() {
    }

    /** Wishes from the first {@code wishFraction} of the pairs (in file order), evaluation pairs from the rest. */
    public record Split(List<WishInput> wishes, List<HhRlhf.Pair> heldOut, int unwishable) {
    }

    public record Accuracy(String label, int pairs, int correct, int ties) {
        public double accuracy() {
            return pairs == 0 ? 0 : (double) correct / pairs;
        }

        /** Half-width of a 95% normal-approximation confidence interval. */
        public double ci95() {
            double p = accuracy();
            return pairs == 0 ? 0 : 1.96 * Math.sqrt(p * (1 - p) / pairs);
        }

        @Override
        public String toString() {
            return String.format("%-44s %5.1f%% ± %4.1f  (%d/%d, %d ties)", label, 100 * accuracy(), 100 * ci95(),
                    correct, pairs, ties);
        }
    }

    /**
     * Splits in file order (no shuffling: the sample is already a random draw, and order keeps it reproducible).
     * Burns come from {@code burns}, one draw per wishable pair; each wish gets height = its position + 1.
     */
    public static Split split(List<HhRlhf.Pair> all, double wishFraction, BurnDistribution burns) {
        if (!(wishFraction > 0 && wishFraction < 1)) {
            throw new IllegalArgumentException("wishFraction must be in (0, 1)");
        }
        int cut = (int) Math.round(all.size() * wishFraction);
        List<WishInput> wishes = new ArrayList<>();
        int unwishable = 0;
        for (int i = 0; i < cut; i++) {
            HhRlhf.Pair p = all.get(i);
            if (!p.wishable()) {
                unwishable++;
                continue;
            }
            wishes.add(HhRlhf.toWishInput(p, burns.next(), i + 1, 1_700_000_000_000L + 1000L * i));
        }
        return new Split(wishes, List.copyOf(all.subList(cut, all.size())), unwishable);
    }

    public static Accuracy accuracy(String label, List<HhRlhf.Pair> pairs, PairScorer scorer) {
        double[] chosen = new double[pairs.size()];
        double[] rejected = new double[pairs.size()];
        scorer.score(pairs, chosen, rejected);
        return accuracy(label, chosen, rejected);
    }

    /** Per pair: chosen strictly above rejected (for {@link PreferenceStats#mcnemar}). */
    public static boolean[] outcomes(double[] chosen, double[] rejected) {
        boolean[] out = new boolean[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            out[i] = chosen[i] > rejected[i];
        }
        return out;
    }

    public static Accuracy accuracy(String label, double[] chosen, double[] rejected) {
        int correct = 0;
        int ties = 0;
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i] > rejected[i]) {
                correct++;
            } else if (chosen[i] == rejected[i]) {
                ties++;
            }
        }
        return new Accuracy(label, chosen.length, correct, ties);
    }
}
