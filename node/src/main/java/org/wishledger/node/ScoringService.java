package org.wishledger.node;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.client.proto.AggregateAxisView;
import org.wishledger.client.proto.AggregateView;
import org.wishledger.client.proto.AxisSumView;
import org.wishledger.client.proto.WishContribution;
import org.wishledger.scoring.score.Contributions;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.scoring.WishInput;
import org.wishledger.scoring.ann.ApproximateGate;
import org.wishledger.scoring.embed.Embedder;
import org.wishledger.scoring.eval.Aggregate;
import org.wishledger.scoring.index.Weighting;
import org.wishledger.scoring.index.WishIndex;
import org.wishledger.scoring.score.ScoreMode;
import org.wishledger.scoring.score.ScoreParams;
import org.wishledger.scoring.score.ScoreResult;
import org.wishledger.scoring.score.Scorer;
import org.wishledger.scoring.score.TextScorer;
import org.wishledger.scoring.judge.EmbeddingJudge;
import org.wishledger.scoring.judge.Judge;
import org.wishledger.scoring.judge.JudgeException;
import org.wishledger.scoring.judge.LlmJudge;
import org.wishledger.scoring.judge.LlmJudgeConfig;
import org.wishledger.scoring.judge.VerdictCache;
import org.wishledger.scoring.embed.OnnxModel;
import org.wishledger.scoring.score.JudgeId;
import org.wishledger.node.proto.ScoringConfig;
import org.wishledger.client.proto.JudgeInfo;
import java.net.URI;
import java.time.Duration;
import org.wishledger.scoring.store.EmbeddingPipeline;
import org.wishledger.scoring.store.VectorStore;
import org.wishledger.client.proto.ItemScore;
import org.wishledger.client.proto.ScoreItem;
import org.wishledger.client.proto.ScoreRequest;
import org.wishledger.client.proto.ScoreResponse;

/**
 * The node's reward engine: follows the committed chain block by block on its own thread, embeds each
 * new wish once (persisted under data/scoring, so a restart embeds nothing again), applies endorsements
 * as weight updates, and answers {@code POST /score}. Embeddings are node-local and never part of
 * consensus; every answer says which height and model produced it.
 *
 * <p>Locking: the indexer holds the write lock only while it appends rows and moves the height, so a
 * score is always computed over one consistent height.
 */
final class ScoringService implements AutoCloseable {
    private static final NodeLog LOG = NodeLog.of("scoring");
    static final int MAX_ITEMS = TextScorer.MAX_BATCH;
    static final int MAX_TEXT_CHARS = TextScorer.MAX_TEXT_CHARS;
    private static final int BLOCKS_PER_PASS = 64;

    private final LedgerStore ledger;
    private final Embedder embedder;
    private final VectorStore vectors;
    private final ApproximateGate gate;
    private final WishIndex index;
    private final EmbeddingJudge embeddingJudge;
    private final LlmJudge llmJudge; // null unless scoring.judge_url is set
    private final VerdictCache verdicts;
    /** The last pinned-height view per judge kind (a past height never changes, so it stays valid). */
    private final Map<String, Pinned> pinned = new HashMap<>();
    private final String embeddingName;
    private final EmbeddingPipeline pipeline;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<ByteKey, Long> burnTotals = new HashMap<>();
    private final Thread indexer;
    private final Object newBlocks = new Object();
    private volatile boolean running = true;

    ScoringService(LedgerStore ledger, Path dir, Embedder embedder) {
        this(ledger, dir, embedder, ScoringConfig.getDefaultInstance());
    }

    ScoringService(LedgerStore ledger, Path dir, Embedder embedder, ScoringConfig config) {
        this.ledger = ledger;
        this.embedder = embedder;
        this.vectors = VectorStore.open(dir, embedder.modelId(), embedder.dimensions());
        if (vectors.rebuilt()) {
            LOG.info("embedding store was built by another model; rebuilding", "model", embedder.modelId());
        }
        // top-k gates go through an IVF index above 500,000 stored wishes (wishledger.scoring.gate=auto|exact|
        // approximate; docs/scoring.md "Approximate gate at scale"), persisted beside the embeddings
        this.gate = new ApproximateGate(dir.resolveSibling(dir.getFileName() + ".ivf"), vectors,
                ApproximateGate.Config.fromSystemProperties());
        this.index = new WishIndex(vectors, gate);
        this.embeddingJudge = new EmbeddingJudge(embedder, new Scorer(index));
        this.embeddingName = embeddingName(embedder.modelId());
        if (config.getJudgeUrl().isEmpty()) {
            this.verdicts = null;
            this.llmJudge = null;
        } else {
            this.verdicts = VerdictCache.open(dir.resolveSibling(dir.getFileName() + "-llm-verdicts.bin"));
            this.llmJudge = new LlmJudge(embedder, new Scorer(index), this::wishAt, verdicts, llmConfig(config));
            LOG.info("llm judge configured", "url", config.getJudgeUrl(), "model", config.getJudgeModel(),
                    "cached_verdicts", verdicts.size());
        }
        this.pipeline = new EmbeddingPipeline(embedder, vectors, 32, 1024, this::logProgress);
        this.indexer = new Thread(this::followChain, "scoring-indexer");
        this.indexer.setDaemon(true);
    }

    void start() {
        indexer.start();
    }

    /** Called after each commit: wakes the indexer. */
    void onCommitted() {
        synchronized (newBlocks) {
            newBlocks.notifyAll();
        }
    }

    long indexedHeight() {
        return index.height();
    }

    // ------------------------------------------------------------------ following the chain

    private void followChain() {
        long lastLog = 0;
        while (running) {
            try {
                long target = ledger.height();
                if (index.height() >= target) {
                    synchronized (newBlocks) {
                        newBlocks.wait(500);
                    }
                    continue;
                }
                long to = Math.min(target, index.height() + BLOCKS_PER_PASS);
                indexBlocks(index.height() + 1, to);
                long now = System.nanoTime();
                if (target - to > 0 && now - lastLog > 5_000_000_000L) {
                    LOG.info("indexing wishes for scoring", "height", to, "of", target, "wishes", index.wishCount());
                    lastLog = now;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("scoring indexer failed; retrying in 1 s", e);
                sleepQuietly(1_000);
            }
        }
    }

    private void indexBlocks(long from, long to) {
        List<WishInput> wishes = new ArrayList<>();
        for (long h = from; h <= to; h++) {
            Block block = ledger.block(h).orElseThrow(() -> new IllegalStateException("block missing from the store"));
            for (Tx tx : block.getTxsList()) {
                TxBody body = body(tx);
                switch (body.getActionCase()) {
                    case WISH -> wishes.add(input(tx, body.getWish(), block, h));
                    // An anonymous wish is weighed by its burn like any other; its id is its body's hash.
                    case ANON_WISH -> wishes.add(input(Sha256.hash(tx.getBodyBytes().toByteArray()),
                            body.getAnonWish().getWish(), block, h));
                    case ANON_ENDORSE -> {
                        appendWishes(wishes);
                        endorse(ByteKey.copyOf(body.getAnonEndorse().getWishId().toByteArray()),
                                body.getAnonEndorse().getBurn(), h);
                    }
                    case ENDORSE -> {
                        appendWishes(wishes); // an endorsement may back a wish of this very batch
                        endorse(ByteKey.copyOf(body.getEndorse().getWishId().toByteArray()), body.getEndorse().getBurn(), h);
                    }
                    default -> { }
                }
            }
        }
        appendWishes(wishes);
        lock.writeLock().lock();
        try {
            index.advanceTo(to);
        } finally {
            lock.writeLock().unlock();
        }
        gate.flush(); // store first, then the IVF's counts; no-op until the IVF exists (readers may go on)
    }

    private void appendWishes(List<WishInput> wishes) {
        if (wishes.isEmpty()) {
            return;
        }
        pipeline.embedMissing(wishes); // slow part, outside the lock
        lock.writeLock().lock();
        try {
            for (WishInput w : wishes) {
                index.append(w);
                burnTotals.put(ByteKey.copyOf(w.id()), w.burnTotal());
            }
        } finally {
            lock.writeLock().unlock();
        }
        wishes.clear();
    }

    private void endorse(ByteKey wishId, long burn, long height) {
        Long total = burnTotals.get(wishId);
        if (total == null) {
            return; // the rules only admit endorsements of committed wishes; nothing to do if unknown here
        }
        long newTotal = total + burn; // the ledger already refused anything that overflows
        burnTotals.put(wishId, newTotal);
        lock.writeLock().lock();
        try {
            index.updateWeight(wishId.toByteArray(), newTotal, height);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The wish as its tx carries it (the store keeps wish text only in the tx, so no second read). */
    private static WishInput input(Tx tx, Wish w, Block block, long height) {
        return input(Hashes.txHash(tx), w, block, height);
    }

    private static WishInput input(byte[] id, Wish w, Block block, long height) {
        // The burn at creation; later endorsements arrive as weight updates, so the index is exact per height.
        return new WishInput(id, w.getScenario(), w.getDesired(), w.getUndesired(), w.getBurn(),
                block.getHeader().getTimeMs(), height, w.getTagsList());
    }

    private static TxBody body(Tx tx) {
        try {
            return TxBody.parseFrom(tx.getBodyBytes());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a committed tx does not decode: " + e.getMessage(), e);
        }
    }

    private void logProgress(long done, long total, double perSecond, double etaSeconds) {
        LOG.info("embedding wishes", "done", done, "total", total, "per_s", String.format(Locale.ROOT, "%.1f", perSecond),
                "eta_s", Double.isNaN(etaSeconds) ? "?" : String.format(Locale.ROOT, "%.0f", etaSeconds));
    }

    private static String embeddingName(String modelId) {
        for (OnnxModel m : OnnxModel.values()) {
            if (m.modelId().equals(modelId)) {
                return m.cliName();
            }
        }
        return modelId;
    }

    /** The embedding model a node config names ("" = the default judge's model). */
    static OnnxModel model(ScoringConfig config) {
        return config.getModel().isEmpty() ? OnnxModel.DEFAULT : OnnxModel.byName(config.getModel());
    }

    private static LlmJudgeConfig llmConfig(ScoringConfig c) {
        if (c.getJudgeModel().isEmpty()) {
            throw new IllegalArgumentException("scoring.judge_url is set but scoring.judge_model is empty");
        }
        String key = c.getJudgeApiKeyEnv().isEmpty() ? null : System.getenv(c.getJudgeApiKeyEnv());
        if (!c.getJudgeApiKeyEnv().isEmpty() && key == null) {
            LOG.info("judge API key variable is not set; calling the judge without a key", "variable",
                    c.getJudgeApiKeyEnv());
        }
        LlmJudgeConfig d = LlmJudgeConfig.defaults(URI.create(c.getJudgeUrl()), c.getJudgeModel(), key);
        return new LlmJudgeConfig(d.url(), d.model(), key,
                c.getJudgeMaxConcurrent() == 0 ? d.maxConcurrent() : c.getJudgeMaxConcurrent(),
                c.getJudgeDeadlineMs() == 0 ? d.deadline() : Duration.ofMillis(c.getJudgeDeadlineMs()),
                c.getJudgeNoRetry() ? 0 : c.getJudgeRetries() == 0 ? d.retries() : c.getJudgeRetries(),
                d.backoff(), c.getJudgeMaxWishes() == 0 ? d.maxWishes() : c.getJudgeMaxWishes());
    }

    /** The wish texts of an index row, from its committed tx (the LLM judge asks about them). */
    private WishInput wishAt(int row) {
        byte[] id = vectors.idAt(row);
        Tx tx = ledger.tx(id).orElseThrow(() -> new IllegalStateException("wish tx missing from the store"));
        Wish w = body(tx).getWish();
        return new WishInput(id, w.getScenario(), w.getDesired(), w.getUndesired(), index.burn(row),
                index.timeMs(row), index.heightOf(row), w.getTagsList());
    }

    // ------------------------------------------------------------------ GET /aggregate

    /** Recompute the aggregate at most this often: it embeds the axes' 32 sentences and scans every row. */
    private static final long AGGREGATE_MIN_INTERVAL_MS = 10_000;

    private record CachedAggregate(long height, long atMs, AggregateView view) {
    }

    private volatile CachedAggregate aggregate;

    /**
     * The `wishledger aggregate` computation ({@link Aggregate#run}, the same code) over this node's live
     * index with the /score default weighting (log). Cached: recomputed only when the index has moved AND
     * the last one is older than {@value #AGGREGATE_MIN_INTERVAL_MS} ms, so a page polling it costs nothing.
     */
    AggregateView aggregate() throws Rejection {
        CachedAggregate c = aggregate;
        long now = System.currentTimeMillis();
        if (c != null && (c.height() == index.height() || now - c.atMs() < AGGREGATE_MIN_INTERVAL_MS)) {
            return c.view();
        }
        synchronized (this) { // one computation at a time; the others take its answer
            c = aggregate;
            if (c != null && (c.height() == index.height() || now - c.atMs() < AGGREGATE_MIN_INTERVAL_MS)) {
                return c.view();
            }
            Aggregate.Report report;
            lock.readLock().lock();
            try {
                report = Aggregate.run(embedder, index, Weighting.LOG);
            } finally {
                lock.readLock().unlock();
            }
            AggregateView view = aggregateView(report);
            aggregate = new CachedAggregate(report.height(), now, view);
            return view;
        }
    }

    private static AggregateView aggregateView(Aggregate.Report report) {
        AggregateView.Builder out = AggregateView.newBuilder().setHeight(report.height()).setModel(report.modelId())
                .setWeighting(report.weighting().name().toLowerCase(Locale.ROOT));
        for (Aggregate.AxisReport axis : report.axes()) {
            AggregateAxisView.Builder a = AggregateAxisView.newBuilder().setAxis(axis.axis().name())
                    .setOverall(axisSum(axis.overall()));
            axis.byTag().forEach((tag, sum) -> a.putByTag(tag, axisSum(sum)));
            out.addAxes(a);
        }
        return out.build();
    }

    private static AxisSumView axisSum(Aggregate.AxisSum s) {
        return AxisSumView.newBuilder().setWishes(s.wishes()).setWeight(s.weight()).setWeightedSum(s.weightedSum())
                .setWeightedMagnitude(s.weightedMagnitude()).setAlignment(s.alignment()).build();
    }

    // ------------------------------------------------------------------ POST /score

    ScoreResponse score(ScoreRequest request) throws Rejection {
        ScoreParams params = params(request);
        int n = request.getItemsCount();
        checkItemCount(n);
        List<String> prompts = new ArrayList<>(n);
        List<String> responses = new ArrayList<>(n);
        ScoreResult[] results = new ScoreResult[n];
        for (int i = 0; i < n; i++) {
            ScoreItem item = request.getItems(i);
            checkText(item.getPrompt(), "items[" + i + "].prompt");
            checkText(item.getResponse(), "items[" + i + "].response");
            prompts.add(item.getPrompt());
            responses.add(item.getResponse());
            results[i] = new ScoreResult();
        }
        Judge judge = judge(request.getJudge());
        long height;
        List<List<WishContribution>> explained = null;
        lock.readLock().lock(); // one height for the whole batch
        try {
            if (request.hasHeight()) {
                judge = pinnedAt(judge, request.getHeight());
            }
            judge.score(prompts, responses, params, results);
            height = results[0].height();
            if (request.getExplain()) {
                explained = explain(request, judge, params, prompts, responses);
            }
        } catch (JudgeException e) {
            throw new Rejection(e.code() == JudgeException.Code.JUDGE_TIMEOUT ? ErrorCode.TIMEOUT
                    : ErrorCode.UNAVAILABLE, e.code() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Rejection(ErrorCode.BAD_REQUEST, e.getMessage());
        } finally {
            lock.readLock().unlock();
        }
        JudgeId id = results[0].judge();
        ScoreResponse.Builder response = ScoreResponse.newBuilder()
                .setHeight(height)
                .setMode(params.mode().name().toLowerCase(Locale.ROOT))
                .setModel(embedder.modelId())
                .setJudge(JudgeInfo.newBuilder().setKind(id.kind()).setModel(id.model()).setVersion(id.version()))
                .setParams(ScoreRequest.newBuilder()
                        .setMode(params.mode().name().toLowerCase(Locale.ROOT))
                        .setK(params.k())
                        .setThreshold(Double.parseDouble(Float.toString(params.threshold())))
                        .setSamples(params.samples())
                        .setSeed(params.seed())
                        .setWeighting(params.weighting().name().toLowerCase(Locale.ROOT))
                        .setJudge(request.getJudge().isEmpty() ? "" : request.getJudge().toLowerCase(Locale.ROOT))
                        .setHalfLifeMs(params.halfLifeMs()));
        if (request.hasHeight()) {
            response.getParamsBuilder().setHeight(request.getHeight());
        }
        for (int i = 0; i < n; i++) {
            ScoreResult r = results[i];
            response.addResults(ItemScore.newBuilder()
                    .setReward(r.reward())
                    .setCount(r.count())
                    .setWeight(r.weight())
                    .setCoverage(r.coverage())
                    .setP10(finite(r.p10()))
                    .setP50(finite(r.p50()))
                    .setP90(finite(r.p90()))
                    .addAllTopWishes(explained == null ? List.of() : explained.get(i)));
        }
        return response.build();
    }

    /** Wishes listed per item by explain. */
    static final int EXPLAIN_TOP = 5;
    private static final int EXPLAIN_TEXT_CHARS = 160;

    /**
     * The wishes that moved each item's reward most ({@link Contributions}, a separate allocating path; the
     * judge's scoring above is untouched). Called under the read lock, so it sees the height just scored.
     */
    private List<List<WishContribution>> explain(ScoreRequest request, Judge judge, ScoreParams params,
            List<String> prompts, List<String> responses) throws Rejection {
        if (judge != embeddingJudge || params.mode() != ScoreMode.GATED || request.hasHeight()) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "explain needs the gated mode, the embedding judge and the "
                    + "latest height");
        }
        int n = prompts.size();
        List<String> texts = new ArrayList<>(prompts);
        texts.addAll(responses);
        float[][] v = new float[2 * n][embedder.dimensions()];
        embedder.embed(texts, v);
        Scorer scorer = new Scorer(index);
        List<List<WishContribution>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<WishContribution> top = new ArrayList<>();
            for (Contributions.Contribution c : Contributions.top(scorer, v[i], v[n + i], params, EXPLAIN_TOP)) {
                WishInput wish = wishAt(c.row());
                String text = wish.desired();
                top.add(WishContribution.newBuilder()
                        .setId(org.wishledger.ledger.crypto.Hex.encode(wish.id()))
                        .setText(text.length() > EXPLAIN_TEXT_CHARS ? text.substring(0, EXPLAIN_TEXT_CHARS - 1) + "…" : text)
                        .setContribution(c.contribution())
                        .setWeight(c.weight())
                        .setStance(c.stance())
                        .build());
            }
            out.add(top);
        }
        return out;
    }

    private Judge judge(String name) throws Rejection {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.equals("embedding") || n.equals(embeddingName)) {
            return embeddingJudge;
        }
        if (n.equals("llm")) {
            if (llmJudge == null) {
                throw new Rejection(ErrorCode.BAD_REQUEST, "this node has no LLM judge (set scoring.judge_url and "
                        + "scoring.judge_model in its node.json)");
            }
            return llmJudge;
        }
        throw new Rejection(ErrorCode.BAD_REQUEST, "judge must be '', llm or this node's embedding model "
                + embeddingName + "; got '" + name + "' (each embedding model "
                + "needs its own index: start a node with scoring.model set to it)");
    }

    /** The judge over the index as of {@code height}; called under the read lock. */
    private Judge pinnedAt(Judge live, long height) throws Rejection {
        if (height > index.height()) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "height " + height + " is above the scoring index's latest "
                    + index.height() + " (score at most the latest; wait for the index to catch up)");
        }
        String key = live == llmJudge ? "llm" : "embedding";
        synchronized (pinned) {
            Pinned p = pinned.get(key);
            if (p == null || p.height() != height) { // a training run pins one height: build its view once
                p = new Pinned(height, live.at(height));
                pinned.put(key, p);
            }
            return p.judge();
        }
    }

    private record Pinned(long height, Judge judge) {
    }

    /** Request fields to parameters; 0 / empty means "the default" (proto3 has no absent scalars). */
    static ScoreParams params(ScoreRequest r) throws Rejection {
        ScoreMode mode = switch (r.getMode().isEmpty() ? "gated" : r.getMode().toLowerCase(Locale.ROOT)) {
            case "gated" -> ScoreMode.GATED;
            case "sampled" -> ScoreMode.SAMPLED;
            case "mean" -> ScoreMode.MEAN;
            default -> throw new Rejection(ErrorCode.BAD_REQUEST, "mode must be gated, sampled or mean; got '" + r.getMode() + "'");
        };
        Weighting weighting = switch (r.getWeighting().isEmpty() ? "log" : r.getWeighting().toLowerCase(Locale.ROOT)) {
            case "log" -> Weighting.LOG;
            case "linear" -> Weighting.LINEAR;
            case "sqrt" -> Weighting.SQRT;
            default -> throw new Rejection(ErrorCode.BAD_REQUEST, "weighting must be log, linear or sqrt; got '" + r.getWeighting() + "'");
        };
        if (r.getHalfLifeMs() > 0 && mode != ScoreMode.GATED) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "half_life_ms is only available in mode gated");
        }
        if (r.getHalfLifeMs() > Long.MAX_VALUE / 2) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "half_life_ms is too large");
        }
        if (r.getK() > ScoreParams.MAX_K) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "k must be at most " + ScoreParams.MAX_K);
        }
        if (r.getSamples() > ScoreParams.MAX_SAMPLES) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "samples must be at most " + ScoreParams.MAX_SAMPLES);
        }
        double threshold = r.getThreshold();
        if (!(threshold >= -1.0 && threshold <= 1.0)) {
            throw new Rejection(ErrorCode.BAD_REQUEST, "threshold must be within [-1, 1] (-1 disables it)");
        }
        int k = r.getK() == 0 ? ScoreParams.DEFAULT_K : r.getK();
        float gate = threshold == 0.0 ? ScoreParams.DEFAULT_THRESHOLD : (float) threshold;
        int samples = r.getSamples() == 0 ? ScoreParams.DEFAULT_SAMPLES : r.getSamples();
        return new ScoreParams(mode, k, gate, samples, r.getSeed(), weighting, false, r.getHalfLifeMs());
    }

    /**
     * An item count outside 1..MAX_ITEMS is a BAD_REQUEST (400), like every other count limit of the RPC
     * (docs/rpc.md, docs/scoring.md); TOO_LARGE (413) stays for bytes: a body or a text over its limit.
     */
    static void checkItemCount(int n) throws Rejection {
        if (n == 0) {
            throw new Rejection(ErrorCode.EMPTY_FIELD, "items is empty: send at least one {prompt, response}");
        }
        if (n > MAX_ITEMS) {
            throw new Rejection(ErrorCode.BAD_REQUEST, n + " items; at most " + MAX_ITEMS + " per request");
        }
    }

    private static void checkText(String text, String field) throws Rejection {
        if (text.length() > MAX_TEXT_CHARS) {
            throw new Rejection(ErrorCode.TOO_LARGE, field + " has " + text.length() + " characters; at most " + MAX_TEXT_CHARS);
        }
    }

    private static double finite(double v) {
        return Double.isNaN(v) ? 0.0 : v;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        indexer.interrupt();
        try {
            indexer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (llmJudge != null) {
            llmJudge.close();
            verdicts.close();
        }
        gate.close(); // waits for a running IVF build, which reads the store
        vectors.close();
    }
}
