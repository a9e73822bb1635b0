package org.wishledger.scoring.score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.wishledger.scoring.store.VectorStore;

/**
 * Which wishes moved a gated reward most: for one (prompt, response) the admitted wishes, each with its
 * weight w, stance s = cos(r, desired) - cos(r, undesired) and signed contribution {@code w s / sum w}
 * (the contributions add up to the reward). A separate, allocating path for the web playground's
 * "explain", run only when asked: {@link Scorer}'s hot loops stay allocation-free and untouched.
 * It admits with {@link Scorer#admit} (the exact gate), so above the IVF threshold its wish set can differ
 * slightly from the approximate gate /score then uses.
 */
public final class Contributions {
    /** One admitted wish; {@code row} is its index row. */
    public record Contribution(int row, double weight, double stance, double contribution) {
    }

    private Contributions() {
    }

    /** The {@code limit} admitted wishes with the largest |contribution|, largest first. */
    public static List<Contribution> top(Scorer scorer, float[] prompt, float[] response, ScoreParams params, int limit) {
        if (params.mode() != ScoreMode.GATED) {
            throw new IllegalArgumentException("contributions are defined for the gated mode, got " + params.mode());
        }
        ScoreScratch scratch = new ScoreScratch(1, params.k());
        int[] rows = scorer.admit(prompt, params, scratch, new int[0]);
        int n = scratch.admittedCount();
        VectorStore store = scorer.index().store();
        double sumW = 0;
        double[] w = new double[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = scorer.weightOf(rows[i], params);
            s[i] = Kernels.dot(store.desired(), rows[i], response) - Kernels.dot(store.undesired(), rows[i], response);
            sumW += w[i];
        }
        List<Contribution> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(new Contribution(rows[i], w[i], s[i], sumW > 0 ? w[i] * s[i] / sumW : 0));
        }
        all.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.contribution())));
        return all.subList(0, Math.min(limit, all.size()));
    }
}
