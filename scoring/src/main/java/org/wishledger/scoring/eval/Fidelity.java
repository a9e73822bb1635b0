package org.wishledger.scoring.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.embed.VectorMath;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.scoring.score.Kernels;
import org.wishledger.scoring.store.VectorStore;

/**
 * The seed's constitution experiment: how faithfully does a written constitution represent the ledger's wishes?
 * <ul>
 *   <li>{@code meanCosine}: cosine between the weighted mean of the wishes' desired vectors and the mean of the
 *       constitution's paragraph vectors;</li>
 *   <li>{@code coverage}: share of total weight whose desired text has some paragraph with cosine >= threshold;</li>
 *   <li>{@code leastCovered}: the heaviest wishes that no paragraph covers (best cosine < threshold), heaviest first,
 *       up to {@code limit}; if fewer are uncovered, the list is topped up with the covered wishes of lowest best
 *       cosine.</li>
 * </ul>
 */
public final class Fidelity {
    public static final float DEFAULT_THRESHOLD = 0.5f;
    public static final int DEFAULT_LIMIT = 20;

    private Fidelity() {
    }

    /** One poorly covered wish. {@code nearestParagraph} is a 0-based index into {@link Report#paragraphs()}. */
    public record Gap(byte[] wishId, int row, double weight, double bestCosine, int nearestParagraph) {
    }

    public record Report(long height, String modelId, Weighting weighting, float threshold, List<String> paragraphs,
                         int wishes, double totalWeight, double meanCosine, double coverage, List<Gap> leastCovered) {
    }

    public static Report run(Embedder embedder, WishIndex index, String constitution, float threshold, int limit,
                             Weighting weighting) {
        if (!embedder.modelId().equals(index.modelId())) {
            throw new IllegalArgumentException("embedder " + embedder.modelId() + " != index " + index.modelId());
        }
        List<String> paragraphs = Paragraphs.split(constitution);
        if (paragraphs.isEmpty()) {
            throw new IllegalArgumentException("the constitution has no paragraphs");
        }
        int dims = embedder.dimensions();
        float[][] p = new float[paragraphs.size()][dims];
        embedder.embed(paragraphs, p);
        float[] constitutionMean = new float[dims];
        for (float[] v : p) {
            for (int i = 0; i < dims; i++) {
                constitutionMean[i] += v[i] / p.length;
            }
        }
        VectorMath.normalise(constitutionMean);

        double[] desiredSum = index.desiredSum(weighting);
        double total = index.totalWeight(weighting);
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            dot += desiredSum[i] * constitutionMean[i];
            norm += desiredSum[i] * desiredSum[i];
        }
        double meanCosine = norm == 0 ? 0 : dot / Math.sqrt(norm);

        VectorStore store = index.store();
        int rows = Math.min(store.count(), index.burns().length);
        List<Gap> all = new ArrayList<>();
        double covered = 0;
        int wishes = 0;
        for (int row = 0; row < rows; row++) {
            long burn = index.burn(row);
            if (burn <= 0) {
                continue;
            }
            wishes++;
            double w = weighting.weight(burn);
            float best = -2;
            int nearest = -1;
            for (int j = 0; j < p.length; j++) {
                float c = Kernels.dot(store.desired(), row, p[j]);
                if (c > best) {
                    best = c;
                    nearest = j;
                }
            }
            if (best >= threshold) {
                covered += w;
            }
            all.add(new Gap(store.idAt(row), row, w, best, nearest));
        }
        all.sort(Comparator.comparing((Gap g) -> g.bestCosine() >= threshold)
                .thenComparing(g -> g.bestCosine() >= threshold ? g.bestCosine() : -g.weight()));
        List<Gap> least = List.copyOf(all.subList(0, Math.min(limit, all.size())));
        return new Report(index.height(), index.modelId(), weighting, threshold, List.copyOf(paragraphs), wishes,
                total, meanCosine, total > 0 ? covered / total : 0, least);
    }
}
