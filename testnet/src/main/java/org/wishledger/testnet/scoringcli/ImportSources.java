package org.wishledger.testnet.scoringcli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.data.WishDraft;
import org.wishledger.scoring.data.WishJsonl;

/** Reads import files into {@link WishDraft}s (gzip when the name ends in .gz; the scoring library parses). */
public final class ImportSources {
    private ImportSources() {
    }

    /** A slice [from, to) of a file's pairs, in fractions of the file, then at most {@code limit} of them. */
    public record Selection(double fromFraction, double toFraction, int limit) {
        public Selection {
            if (!(fromFraction >= 0 && fromFraction <= toFraction && toFraction <= 1)) {
                throw new IllegalArgumentException("need 0 <= from-fraction <= to-fraction <= 1, got " + fromFraction
                        + " and " + toFraction);
            }
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0 (0 = no limit)");
            }
        }

        public static Selection all() {
            return new Selection(0, 1, 0);
        }

        /** Same cut as the scoring library's PreferenceEval.split: round(n * fraction). */
        int fromIndex(int n) {
            return (int) Math.round(n * fromFraction);
        }

        int toIndex(int n) {
            int to = (int) Math.round(n * toFraction);
            return limit == 0 ? to : Math.min(to, fromIndex(n) + limit);
        }
    }

    /** The selected pairs of an HH-RLHF file. */
    public static List<HhRlhf.Pair> hhRlhfPairs(Path file, Selection selection) {
        List<HhRlhf.Pair> all = HhRlhf.readAll(file);
        return List.copyOf(all.subList(selection.fromIndex(all.size()), selection.toIndex(all.size())));
    }

    /**
     * HH-RLHF pairs as wish drafts. Burns: one draw of {@link BurnDistribution}(median, sigma, seed) per wishable
     * pair in FILE order from the first line, whatever the selection, so a pair gets the same burn whether it is
     * imported alone or with the whole file, and the first 80% carry the same burns as in PreferenceEval.split with
     * the same seed. Unwishable pairs (empty chosen turn) are dropped; {@code dropped[0]} counts them if given.
     */
    public static List<WishDraft> hhRlhf(Path file, Selection selection, BurnDistribution burns, int[] dropped) {
        List<HhRlhf.Pair> all = HhRlhf.readAll(file);
        int from = selection.fromIndex(all.size());
        int to = selection.toIndex(all.size());
        List<WishDraft> out = new ArrayList<>();
        int unwishable = 0;
        for (int i = 0; i < to; i++) {
            HhRlhf.Pair p = all.get(i);
            if (!p.wishable()) {
                unwishable += i >= from ? 1 : 0;
                continue;
            }
            long burn = burns.next();
            if (i >= from) {
                out.add(HhRlhf.toDraft(p, burn));
            }
        }
        if (dropped != null && dropped.length > 0) {
            dropped[0] = unwishable;
        }
        return out;
    }

    /** A wishledger import jsonl file (see {@link WishJsonl}), at most {@code limit} lines (0 = all). */
    public static List<WishDraft> jsonl(Path file, int limit) {
        List<WishDraft> all = WishJsonl.readAll(file);
        return limit == 0 || limit >= all.size() ? all : List.copyOf(all.subList(0, limit));
    }
}
