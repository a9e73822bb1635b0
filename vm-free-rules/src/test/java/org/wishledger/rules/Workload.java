package org.wishledger.rules;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Endorse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Transfer;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;

/**
 * A seeded generator of transactions with its own, deliberately naive model of the ledger (plain maps of
 * balances, nonces and burns): the oracle the property test compares the store against. Valid txs are
 * applied to the model as they are generated; hostile txs are not, and come with the code they must be
 * refused with.
 */
final class Workload {
    /** A tx that must be refused, with the reason. */
    record Hostile(Tx tx, ErrorCode code, String kind) {
    }

    private static final String[] WORDS = {"the", "assistant", "should", "refuse", "explain", "kindly", "never",
        "medical", "advice", "é", "日本", "🙂", "privacy", "honest", "children", "safety", "code", "law"};

    final TestChain chain;
    final Random rnd;
    final Map<ByteKey, long[]> accounts = new HashMap<>(); // address -> {balance, nonce}
    final Map<ByteKey, long[]> wishes = new HashMap<>();   // id -> {burn, endorsed burn}
    final List<ByteKey> wishIds = new ArrayList<>();
    final List<Tx> applied = new ArrayList<>();
    long burned;
    private long blockFees;

    Workload(TestChain chain, long seed) {
        this.chain = chain;
        this.rnd = new Random(seed);
        for (KeyPair k : chain.accounts) {
            accounts.put(ByteKey.copyOf(k.address()), new long[] {TestChain.INITIAL_BALANCE, 0});
        }
    }

    private long[] account(byte[] address) {
        return accounts.computeIfAbsent(ByteKey.copyOf(address), a -> new long[2]);
    }

    private KeyPair randomSender() {
        return chain.accounts.get(rnd.nextInt(chain.accounts.size()));
    }

    private String text(int maxWords) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(maxWords);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private Wish.Builder randomWish(long balance) {
        Wish.Builder w = Wish.newBuilder().setScenario(text(30)).setDesired(text(40))
                .setBurn(rnd.nextInt(4) == 0 ? 0 : (long) (rnd.nextDouble() * (balance / 10_000)));
        if (rnd.nextBoolean()) {
            w.setUndesired(text(20));
        }
        if (rnd.nextInt(3) == 0) {
            w.setLanguage("en").addTags("t" + rnd.nextInt(5));
        }
        if (!wishIds.isEmpty() && rnd.nextInt(4) == 0) {
            w.setParent(ByteString.copyFrom(wishIds.get(rnd.nextInt(wishIds.size())).unsafeBytes()));
        }
        return w;
    }

    /** One valid tx, applied to the model. */
    Tx valid() {
        KeyPair k = randomSender();
        long[] a = account(k.address());
        TxBody.Builder body = chain.body(k, a[1]);
        int kind = rnd.nextInt(100);
        long moved;
        if (kind < 45 || (kind < 70 && wishIds.isEmpty())) {
            Wish.Builder w = randomWish(a[0]);
            body.setWish(w);
            moved = w.getBurn();
        } else if (kind < 70) {
            long burn = 1 + rnd.nextInt(1_000_000);
            body.setEndorse(Endorse.newBuilder().setWishId(ByteString.copyFrom(wishIds.get(rnd.nextInt(wishIds.size())).unsafeBytes()))
                    .setBurn(burn));
            moved = burn;
        } else {
            byte[] to;
            if (rnd.nextInt(20) == 0) {
                to = new byte[20];
                rnd.nextBytes(to); // a fresh address
            } else {
                to = randomSender().address();
            }
            long amount = 1 + (long) (rnd.nextDouble() * (a[0] / 100));
            body.setTransfer(Transfer.newBuilder().setTo(ByteString.copyFrom(to)).setAmount(amount));
            moved = amount;
        }
        Tx tx = chain.signWithFee(k, body, rnd.nextInt(100));
        long fee = parse(tx).getFee();
        a[0] -= fee + moved;
        a[1]++;
        blockFees += fee;
        TxBody b = parse(tx);
        switch (b.getActionCase()) {
            case WISH -> {
                ByteKey id = ByteKey.wrap(Hashes.txHash(tx));
                wishes.put(id, new long[] {b.getWish().getBurn(), 0});
                wishIds.add(id);
                burned += b.getWish().getBurn();
            }
            case ENDORSE -> {
                wishes.get(ByteKey.copyOf(b.getEndorse().getWishId().toByteArray()))[1] += b.getEndorse().getBurn();
                burned += b.getEndorse().getBurn();
            }
            case TRANSFER -> account(b.getTransfer().getTo().toByteArray())[0] += b.getTransfer().getAmount();
            default -> throw new IllegalStateException();
        }
        applied.add(tx);
        return tx;
    }

    /** Credits the block's fees to its proposer in the model; call after the block is applied. */
    void endBlock(byte[] proposer) {
        account(proposer)[0] += blockFees;
        blockFees = 0;
    }

    static final int HOSTILE_KINDS = 12;

    /** A random kind of hostile tx. */
    Hostile hostile() {
        return hostile(-1);
    }

    /** A tx that must be refused at this point of the block (kind -1: a random kind); the model is not changed. */
    Hostile hostile(int kind) {
        KeyPair k = randomSender();
        long[] a = account(k.address());
        long nonce = a[1];
        Wish.Builder w = Wish.newBuilder().setScenario("hostile").setDesired("x");
        return switch (kind >= 0 ? kind % HOSTILE_KINDS : rnd.nextInt(HOSTILE_KINDS)) {
            case 0 -> new Hostile(chain.signWithFee(k, chain.body(k, nonce).setWish(w.setBurn(-1L - rnd.nextInt(1000))), 0),
                    ErrorCode.OVERFLOW, "burn overflow");
            case 1 -> new Hostile(chain.signWithFee(k, chain.body(k, nonce).setTransfer(Transfer.newBuilder()
                    .setTo(ByteString.copyFrom(k.address())).setAmount(-1L)), 0), ErrorCode.OVERFLOW, "amount overflow");
            case 2 -> applied.isEmpty()
                    ? new Hostile(chain.signWithFee(k, chain.body(k, nonce + 1).setWish(w), 0), ErrorCode.BAD_NONCE, "future nonce")
                    : new Hostile(applied.get(rnd.nextInt(applied.size())), ErrorCode.BAD_NONCE, "replay");
            case 3 -> new Hostile(chain.signWithFee(k, chain.body(k, nonce).setChainId("evil-chain").setWish(w), 0),
                    ErrorCode.WRONG_CHAIN, "wrong chain");
            case 4 -> {
                Tx tx = chain.signWithFee(k, chain.body(k, nonce).setWish(w), 0);
                byte[] sig = tx.getSignature().toByteArray();
                sig[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
                yield new Hostile(tx.toBuilder().setSignature(ByteString.copyFrom(sig)).build(), ErrorCode.BAD_SIGNATURE, "bad signature");
            }
            case 5 -> new Hostile(chain.signWithFee(k, chain.body(k, nonce).setWish(w.setScenario("x".repeat(2049 + rnd.nextInt(100)))), 0),
                    ErrorCode.TOO_LARGE, "oversize scenario");
            case 6 -> new Hostile(invalidUtf8(k, nonce), ErrorCode.INVALID_UTF8, "invalid utf-8");
            case 7 -> {
                byte[] parent = new byte[32];
                rnd.nextBytes(parent);
                yield new Hostile(chain.signWithFee(k, chain.body(k, nonce).setWish(w.setParent(ByteString.copyFrom(parent))), 0),
                        ErrorCode.UNKNOWN_WISH, "unknown parent");
            }
            case 8 -> new Hostile(chain.signWithFee(k, chain.body(k, nonce).setTransfer(Transfer.newBuilder()
                    .setTo(ByteString.copyFrom(chain.accounts.get(0).address())).setAmount(a[0])), 0),
                    ErrorCode.INSUFFICIENT_FUNDS, "spends the whole balance plus fee");
            case 9 -> {
                Tx ok = chain.signWithFee(k, chain.body(k, nonce).setWish(w), 0);
                TxBody b = parse(ok);
                yield new Hostile(TestChain.sign(k, b.toBuilder().setFee(b.getFee() - 1).build()), ErrorCode.FEE_TOO_LOW, "fee too low");
            }
            case 10 -> new Hostile(chain.signWithFee(k, chain.body(k, nonce).setWish(w.setDesired("")), 0),
                    ErrorCode.EMPTY_FIELD, "empty desired");
            default -> {
                byte[] id = new byte[32];
                rnd.nextBytes(id);
                yield new Hostile(chain.signWithFee(k, chain.body(k, nonce).setEndorse(Endorse.newBuilder()
                        .setWishId(ByteString.copyFrom(id)).setBurn(1)), 0), ErrorCode.UNKNOWN_WISH, "endorse unknown wish");
            }
        };
    }

    private Tx invalidUtf8(KeyPair k, long nonce) {
        TxBody body = chain.body(k, nonce).setFee(100_000).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write(new byte[] {0x5A, 0x05, 0x12, 0x03, 'o', (byte) 0xE2, 0x28}, 0, 7); // wish.desired = "o" + broken sequence
        byte[] raw = out.toByteArray();
        return Tx.newBuilder().setBodyBytes(ByteString.copyFrom(raw)).setSignature(ByteString.copyFrom(k.sign(raw))).build();
    }

    static TxBody parse(Tx tx) {
        try {
            return TxBody.parseFrom(tx.getBodyBytes());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
