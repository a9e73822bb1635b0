package org.wishledger.testnet.scoringcli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.client.NativeClient;
import org.wishledger.scoring.data.WishDraft;
import org.wishledger.client.RpcClient;
import org.wishledger.client.Submissions;
import org.wishledger.client.Wallet;
import org.wishledger.client.proto.SubmitResult;

/**
 * Signs wishes with one account's consecutive nonces and submits them pipelined over the native protocol: up to
 * {@code window} txs in flight, answers collected in submission order. Used by {@code wishledger import} and callable
 * from Java ({@code testnet up} loads the sample wishes with it).
 */
public final class WishImporter {
    /** At most this many messages are kept in {@link ImportSummary#problems()}. */
    static final int MAX_PROBLEMS = 10;

    /**
     * @param waitFor     what each answer waits for (COMMITTED by default)
     * @param timeout     for the whole import; txs without an answer by then count as timed out
     * @param window      txs in flight at once; bounded so a large file does not fill the node's mempool at once
     * @param fitScenario see {@link WishTxs#prepare}
     */
    public record Options(WaitFor waitFor, Duration timeout, int window, boolean fitScenario) {
        public Options {
            if (window < 1) {
                throw new IllegalArgumentException("window must be >= 1");
            }
        }

        public static Options defaults() {
            return new Options(WaitFor.COMMITTED, Duration.ofMinutes(10), 512, true);
        }
    }

    private final Wallet wallet;
    private final NativeClient client;
    private final Options options;

    public WishImporter(Wallet wallet, NativeClient client, Options options) {
        this.wallet = wallet;
        this.client = client;
        this.options = options;
    }

    /** Reads the chain id, fee rule and {@code key}'s next nonce over {@code rpc}, then imports. */
    public static ImportSummary importAll(List<WishDraft> drafts, KeyPair key, RpcClient rpc, NativeClient client,
                                          Options options, Consumer<String> progress) throws IOException {
        return new WishImporter(Wallet.open(key, rpc), client, options).submitAll(drafts,
                new Progress("answered", drafts.size(), progress, 1000));
    }

    public ImportSummary submitAll(List<WishDraft> drafts, Progress progress) throws IOException {
        Tally tally = new Tally(drafts.size());
        long deadline = System.nanoTime() + options.timeout().toNanos();
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        for (int i = 0; i < drafts.size(); i++) {
            WishTxs.Prepared p = WishTxs.prepare(drafts.get(i), wallet.builder().params(), options.fitScenario());
            if (!p.ok()) {
                tally.skip(i, p.skipCode(), p.skipReason());
                progress.add(1);
                continue;
            }
            Tx tx = wallet.builder().wish(wallet.key(), wallet.peekNonce(), p.wish());
            if (tx.getSerializedSize() > wallet.builder().params().maxTxBytes()) {
                tally.skip(i, ErrorCode.TOO_LARGE, "tx has " + tx.getSerializedSize() + " bytes; max_tx_bytes is "
                        + wallet.builder().params().maxTxBytes());
                progress.add(1);
                continue;
            }
            wallet.takeNonce();
            if (p.fitted()) {
                tally.fitted++;
            }
            while (inFlight.size() >= options.window()) {
                collect(inFlight.removeFirst(), deadline, tally);
                progress.add(1);
            }
            inFlight.addLast(new InFlight(i, Hashes.txHash(tx), client.submit(tx, options.waitFor())));
            tally.submitted++;
        }
        while (!inFlight.isEmpty()) {
            collect(inFlight.removeFirst(), deadline, tally);
            progress.add(1);
        }
        return tally.summary(progress.seconds());
    }

    private record InFlight(int index, byte[] hash, CompletableFuture<ClientResponse> answer) {
    }

    private static void collect(InFlight f, long deadline, Tally tally) throws IOException {
        try {
            long left = Math.max(1, deadline - System.nanoTime());
            tally.answer(f.index(), Submissions.result(f.hash(), f.answer().get(left, TimeUnit.NANOSECONDS)));
        } catch (TimeoutException e) {
            tally.timedOut++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while importing", e);
        } catch (ExecutionException e) {
            throw new IOException("the connection to the node failed during the import: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Counts answers; the item index in messages is 1-based, as the file's wishes are counted. */
    private static final class Tally {
        final int read;
        int submitted;
        int committed;
        int accepted;
        int timedOut;
        int fitted;
        long firstHeight = Long.MAX_VALUE;
        long lastHeight;
        final Map<ErrorCode, Integer> skipped = new EnumMap<>(ErrorCode.class);
        final Map<ErrorCode, Integer> rejected = new EnumMap<>(ErrorCode.class);
        final List<String> problems = new ArrayList<>();

        Tally(int read) {
            this.read = read;
        }

        void skip(int index, ErrorCode code, String reason) {
            skipped.merge(code, 1, Integer::sum);
            problem("wish " + (index + 1) + " skipped: " + code + ": " + reason);
        }

        void answer(int index, SubmitResult r) {
            switch (r.getStatus()) {
                case "committed" -> {
                    committed++;
                    firstHeight = Math.min(firstHeight, r.getHeight());
                    lastHeight = Math.max(lastHeight, r.getHeight());
                }
                case "accepted" -> accepted++;
                case "timeout" -> timedOut++;
                default -> {
                    ErrorCode code = r.getCode() == ErrorCode.OK ? ErrorCode.INTERNAL : r.getCode();
                    rejected.merge(code, 1, Integer::sum);
                    problem("wish " + (index + 1) + " " + r.getStatus() + ": " + code + ": " + r.getMessage());
                }
            }
        }

        void problem(String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(message);
            }
        }

        ImportSummary summary(double seconds) {
            return new ImportSummary(read, submitted, committed, accepted, timedOut, Map.copyOf(skipped),
                    Map.copyOf(rejected), fitted, committed == 0 ? 0 : firstHeight, lastHeight, seconds,
                    List.copyOf(problems));
        }
    }
}
