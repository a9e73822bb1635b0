package org.wishledger.testnet.client;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.p2p.client.NativeClient;
import org.wishledger.rules.ChainParams;
import org.wishledger.scoring.data.WishDraft;
import org.wishledger.testnet.proto.ImportReport;

/**
 * Turns import drafts (HH-RLHF pairs, JSONL wishes) into signed Wish txs of one key and submits them,
 * pipelined with a bounded window so the node's per-connection in-flight limit is respected.
 */
public final class WishImporter {
    /** Requests in flight on the connection at once. */
    public static final int DEFAULT_WINDOW = 256;

    private WishImporter() {
    }

    /** A draft made to fit the chain's limits, or null when it cannot (and {@code truncate} is off). */
    record Fitted(Wish wish, boolean truncated) {
    }

    /**
     * The scenario keeps its END (in a dialogue the last turns are what the answer responds to); desired
     * and undesired keep their start. Tags beyond the limits are dropped.
     */
    static Fitted fit(WishDraft d, ChainParams p, boolean truncate) {
        String scenario = d.scenario();
        String desired = d.desired();
        String undesired = d.undesired() == null ? "" : d.undesired();
        boolean cut = Utf8.length(scenario) > p.maxScenarioBytes() || Utf8.length(desired) > p.maxTextBytes()
                || Utf8.length(undesired) > p.maxTextBytes();
        if (cut && !truncate) {
            return null;
        }
        Wish.Builder w = Wish.newBuilder()
                .setScenario(Utf8.tail(scenario, p.maxScenarioBytes()))
                .setDesired(Utf8.head(desired, p.maxTextBytes()))
                .setUndesired(Utf8.head(undesired, p.maxTextBytes()))
                .setBurn(d.burn());
        if (d.language() != null) {
            w.setLanguage(d.language());
        }
        for (String tag : d.tags()) {
            if (w.getTagsCount() < p.maxTags() && Utf8.length(tag) <= p.maxTagBytes()) {
                w.addTags(tag);
            }
        }
        if (d.parent() != null) {
            w.setParent(ByteString.copyFrom(d.parent()));
        }
        return new Fitted(w.build(), cut);
    }

    public static ImportReport run(List<WishDraft> drafts, int unreadable, Wallet wallet, NativeClient client,
                                   WaitFor wait, boolean truncate, Consumer<String> progress) throws IOException {
        long started = System.nanoTime();
        ChainParams params = wallet.builder().params();
        ImportReport.Builder report = ImportReport.newBuilder()
                .setRead(drafts.size() + unreadable)
                .setSkipped(unreadable)
                .setSigner(wallet.key().publicKey().addressHex());
        Semaphore window = new Semaphore(DEFAULT_WINDOW);
        List<CompletableFuture<ClientResponse>> answers = new ArrayList<>();
        for (WishDraft draft : drafts) {
            Fitted fitted = fit(draft, params, truncate);
            if (fitted == null) {
                report.setSkipped(report.getSkipped() + 1);
                continue;
            }
            if (fitted.truncated()) {
                report.setTruncated(report.getTruncated() + 1);
            }
            acquire(window);
            CompletableFuture<ClientResponse> answer = client.submit(
                    wallet.builder().wish(wallet.key(), wallet.takeNonce(), fitted.wish()), wait);
            answer.whenComplete((r, e) -> window.release());
            answers.add(answer);
            if (answers.size() % 100 == 0) {
                progress.accept("submitted " + answers.size() + " of " + drafts.size());
            }
        }
        report.setSubmitted(answers.size());
        Map<String, Long> byCode = new TreeMap<>();
        for (CompletableFuture<ClientResponse> answer : answers) {
            ClientResponse r = await(answer);
            switch (r.getResponseCase()) {
                case COMMITTED -> {
                    long h = r.getCommitted().getHeight();
                    report.setCommitted(report.getCommitted() + 1)
                            .setFirstHeight(report.getFirstHeight() == 0 ? h : Math.min(report.getFirstHeight(), h))
                            .setLastHeight(Math.max(report.getLastHeight(), h));
                }
                case ACCEPTED -> report.setAccepted(report.getAccepted() + 1);
                default -> {
                    report.setRejected(report.getRejected() + 1);
                    String code = r.hasRejected() ? r.getRejected().getCode().name() : r.getResponseCase().name();
                    byCode.merge(code, 1L, Long::sum);
                    if (report.getFirstRejection().isEmpty()) {
                        report.setFirstRejection(code + ": " + (r.hasRejected() ? r.getRejected().getMessage() : ""));
                    }
                }
            }
        }
        return report.putAllRejectedByCode(byCode).setSeconds((System.nanoTime() - started) / 1e9).build();
    }

    private static void acquire(Semaphore window) throws IOException {
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static ClientResponse await(CompletableFuture<ClientResponse> answer) throws IOException {
        try {
            return answer.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("the connection failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("no answer from the node within 10 minutes");
        }
    }
}
