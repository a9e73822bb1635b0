package org.wishledger.testnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.testnet.tx.TxBuilder;

/**
 * Every tx of a load run, signed before the clock starts so signing never limits the offered rate.
 * Tx i comes from account i mod A with that account's next nonce, and each account always talks to the
 * same node (account j to node j mod N): its txs then reach that node's mempool in nonce order.
 */
public final class LoadPlan {
    /** One tx to offer: which node gets it. */
    public record Item(Tx tx, int node) {
    }

    private final List<Item> items;

    private LoadPlan(List<Item> items) {
        this.items = items;
    }

    public List<Item> items() {
        return items;
    }

    /**
     * @param startNonces each account's next nonce (from RPC)
     * @param progress    called with the number signed so far, now and then
     */
    public static LoadPlan generate(TxBuilder builder, List<KeyPair> accounts, long[] startNonces, int nodes,
                                    int total, long seed, IntConsumer progress) {
        int a = accounts.size();
        if (a == 0) {
            throw new IllegalArgumentException("load needs at least one funded account");
        }
        Item[] out = new Item[total];
        AtomicInteger done = new AtomicInteger();
        // Accounts are independent, so they are signed in parallel; nonces stay sequential per account.
        IntStream.range(0, a).parallel().forEach(account -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + account);
            long nonce = startNonces[account];
            for (int i = account; i < total; i += a) {
                out[i] = new Item(builder.wish(accounts.get(account), nonce++, wish(i, random)), account % nodes);
                int d = done.incrementAndGet();
                if ((d & 4095) == 0) {
                    progress.accept(d);
                }
            }
        });
        progress.accept(total);
        return new LoadPlan(new ArrayList<>(List.of(out)));
    }

    /** A wish of typical size (about 250 bytes of text), distinct per index. */
    static Wish wish(int i, SplittableRandom random) {
        return Wish.newBuilder()
                .setScenario("bench scenario " + i + ": a user asks for advice about topic " + random.nextInt(1_000_000)
                        + " and mentions they are in a hurry.")
                .setDesired("Give a short, accurate answer first, then offer details; say what is uncertain. #" + i)
                .setUndesired("Pad the answer or state guesses as facts.")
                .setLanguage("en")
                .addTags("bench")
                .setBurn(1 + random.nextInt(1000))
                .build();
    }
}
