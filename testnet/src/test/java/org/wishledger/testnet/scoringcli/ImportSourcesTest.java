package org.wishledger.testnet.scoringcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.data.WishDraft;
import org.wishledger.scoring.eval.PreferenceEval;

/** Against the shipped sample (gzip), so the import reads exactly what the scoring library's evaluation reads. */
class ImportSourcesTest {
    static final Path SAMPLE = Path.of("..", "data", "hh-rlhf-harmless-dev.jsonl.gz");

    @Test
    void theFirst80PercentGetTheSameWishesAndBurnsAsTheLibrarysSplit() {
        long seed = 99;
        List<WishDraft> drafts = ImportSources.hhRlhf(SAMPLE, new ImportSources.Selection(0, 0.8, 0),
                new BurnDistribution(BurnDistribution.DEFAULT_MEDIAN, BurnDistribution.DEFAULT_SIGMA, seed), null);
        PreferenceEval.Split split = PreferenceEval.split(HhRlhf.readAll(SAMPLE), 0.8,
                new BurnDistribution(BurnDistribution.DEFAULT_MEDIAN, BurnDistribution.DEFAULT_SIGMA, seed));
        assertEquals(split.wishes().size(), drafts.size(), "seed " + seed);
        for (int i = 0; i < drafts.size(); i++) {
            assertEquals(split.wishes().get(i).burnTotal(), drafts.get(i).burn(), "wish " + i + ", seed " + seed);
            assertEquals(split.wishes().get(i).desired(), drafts.get(i).desired());
            assertEquals(split.wishes().get(i).scenario(), drafts.get(i).scenario());
        }
    }

    @Test
    void aPairKeepsItsBurnWhateverSliceIsImported() {
        List<WishDraft> all = ImportSources.hhRlhf(SAMPLE, ImportSources.Selection.all(), BurnDistribution.defaults(),
                null);
        int[] dropped = new int[1];
        List<WishDraft> tail = ImportSources.hhRlhf(SAMPLE, new ImportSources.Selection(0.5, 1, 10),
                BurnDistribution.defaults(), dropped);
        assertEquals(10 - dropped[0], tail.size());
        int offset = all.size() - ImportSources.hhRlhf(SAMPLE, new ImportSources.Selection(0.5, 1, 0),
                BurnDistribution.defaults(), null).size();
        for (int i = 0; i < tail.size(); i++) {
            assertEquals(all.get(offset + i).burn(), tail.get(i).burn(), "wish " + i);
            assertEquals(all.get(offset + i).desired(), tail.get(i).desired());
        }
    }

    @Test
    void theEvaluationSliceIsTheLast20Percent() {
        List<HhRlhf.Pair> pairs = ImportSources.hhRlhfPairs(SAMPLE, new ImportSources.Selection(0.8, 1, 0));
        assertEquals(1156 - Math.round(1156 * 0.8), pairs.size());
    }

    @Test
    void fractionsOutOfOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ImportSources.Selection(0.9, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImportSources.Selection(0, 1.2, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImportSources.Selection(0, 1, -1));
    }
}
