package org.wishledger.testnet.scoringcli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.eval.PairScorer;
import org.wishledger.client.proto.ItemScore;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;

/**
 * The scoring library's {@link PairScorer} over POST /score: both answers of each pair as items (chosen, rejected
 * interleaved), prompt = the pair's dialogue before the last assistant turn. So PreferenceEval computes the same
 * accuracy against a node as in process.
 */
public final class RemotePairScorer implements PairScorer {
    private final ScoreClient client;
    private final ScoreRequest template;
    private final Progress progress;
    private final List<Long> heights = new ArrayList<>();
    private String lastModel = "";
    private String lastJudge = "";

    public RemotePairScorer(ScoreClient client, ScoreRequest template, Progress progress) {
        this.client = client;
        this.template = template;
        this.progress = progress;
    }

    @Override
    public void score(List<HhRlhf.Pair> pairs, double[] chosen, double[] rejected) {
        List<ScoreItem> items = new ArrayList<>(2 * pairs.size());
        for (HhRlhf.Pair p : pairs) {
            items.add(ScoreRequests.item(p.prompt(), p.chosen()));
            items.add(ScoreRequests.item(p.prompt(), p.rejected()));
        }
        ScoreClient.Scored scored;
        try {
            scored = client.score(template, items, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ItemScore> r = scored.results();
        for (int i = 0; i < pairs.size(); i++) {
            chosen[i] = r.get(2 * i).getReward();
            rejected[i] = r.get(2 * i + 1).getReward();
        }
        heights.add(scored.heights()[0]);
        heights.add(scored.heights()[1]);
        lastModel = scored.first().getModel();
        var j = scored.first().getJudge();
        lastJudge = j.getKind().isEmpty() ? "" : j.getKind() + ":" + j.getModel() + "/" + j.getVersion();
    }

    /** The judge of the last answer, as kind:model/version. */
    public String judge() {
        return lastJudge;
    }

    /** Lowest and highest ledger height seen so far. */
    public long[] heights() {
        return new long[] {heights.stream().mapToLong(Long::longValue).min().orElse(0),
                heights.stream().mapToLong(Long::longValue).max().orElse(0)};
    }

    public String model() {
        return lastModel;
    }
}
