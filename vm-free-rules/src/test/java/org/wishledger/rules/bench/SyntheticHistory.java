package org.wishledger.rules.bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.ledger.store.BlockWrite;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.TestChain;

/**
 * Fills a store with N committed wishes fast, so that applyBlock can be measured on a long chain
 * (10^7 txs) without executing or signing 10^7 txs: blocks of synthetic ~420-byte wish txs (random
 * signatures: the store does not check them, the rules never re-read them) are written straight
 * through {@link LedgerStore#writeBlock} with their wish records, a fixed set of 2,000 filler accounts
 * (the account table scales with users, not with txs, so it is held constant here) and a commit signed
 * by the test chain's validators, so a real block built by {@link TestChain#block} on top verifies.
 * The app hash of a filler block is random (nothing re-executes it). Seeded.
 */
public final class SyntheticHistory {
    public static final int TXS_PER_BLOCK = 10_000;
    private static final int FILLER_ACCOUNTS = 2_000;

    private final TestChain chain;
    private final Random rnd;
    private final List<ByteKey> accounts = new ArrayList<>();
    private final List<ByteString> signers = new ArrayList<>();

    public SyntheticHistory(TestChain chain, long seed) {
        this.chain = chain;
        this.rnd = new Random(seed);
        for (int i = 0; i < FILLER_ACCOUNTS; i++) {
            accounts.add(ByteKey.wrap(bytes(20)));
            signers.add(ByteString.copyFrom(bytes(32)));
        }
    }

    /** Appends blocks of {@link #TXS_PER_BLOCK} synthetic wishes until {@code txs} more are committed. */
    public void append(LedgerStore store, long txs) {
        for (long written = 0; written < txs; written += TXS_PER_BLOCK) {
            store.writeBlock(nextBlock(store, (int) Math.min(TXS_PER_BLOCK, txs - written)));
        }
    }

    private BlockWrite nextBlock(LedgerStore store, int n) {
        long height = store.height() + 1;
        long time = TestChain.GENESIS_TIME_MS + height * 1000;
        Block.Builder b = Block.newBuilder();
        List<byte[]> hashes = new ArrayList<>(n);
        List<byte[]> encoded = new ArrayList<>(n);
        List<WishRecord> wishes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int sender = i % FILLER_ACCOUNTS;
            long burn = 1_000 + rnd.nextInt(10_000);
            Wish wish = Wish.newBuilder()
                    .setScenario("A user asks the assistant for help with a question about topic " + rnd.nextLong()
                            + ", in a situation where a careless answer could mislead or harm them.")
                    .setDesired("Answer accurately, state uncertainty, and point to a reliable source. " + rnd.nextLong())
                    .setUndesired("Invent facts with confidence.").setLanguage("en").addTags("honesty").setBurn(burn).build();
            TxBody body = TxBody.newBuilder().setChainId(TestChain.CHAIN_ID).setSignerPubkey(signers.get(sender))
                    .setNonce(height).setFee(7_000).setWish(wish).build();
            Tx tx = Tx.newBuilder().setBodyBytes(body.toByteString()).setSignature(ByteString.copyFrom(bytes(64))).build();
            byte[] enc = tx.toByteArray();
            byte[] id = Hashes.txHash(enc);
            b.addTxs(tx);
            encoded.add(enc);
            hashes.add(id);
            wishes.add(WishRecord.newBuilder().setId(ByteString.copyFrom(id)).setWish(wish).setHeight(height).setIndex(i)
                    .setTimeMs(time).setTotalBurn(burn).build());
        }
        Header header = Header.newBuilder().setChainId(TestChain.CHAIN_ID).setHeight(height).setTimeMs(time)
                .setLastBlockId(ByteString.copyFrom(store.lastBlockId()))
                .setDataHash(ByteString.copyFrom(Hashes.dataHashOfHashes(hashes)))
                .setValidatorsHash(ByteString.copyFrom(chain.rules.validatorsHash()))
                .setAppHash(ByteString.copyFrom(store.appHash()))
                .setProposer(ByteString.copyFrom(chain.validators.get(0).address())).build();
        Block block = b.setHeader(header).build();
        Map<ByteKey, Account> changed = new TreeMap<>();
        for (int a = 0; a < Math.min(n, FILLER_ACCOUNTS); a++) {
            changed.put(accounts.get(a), Account.newBuilder().setBalance(1_000_000).setNonce(height).build());
        }
        return new BlockWrite(block, Hashes.blockId(block), chain.commit(block), hashes, changed, wishes, List.of(),
                store.totalBurned(), bytes(32), encoded);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** Bytes the directory takes on disk (allocated blocks, so the sparse index file counts what it uses). */
    public static long diskBytes(Path dir) {
        try {
            Process p = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out.split("\\s+")[0]) * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | NumberFormatException e) {
            return -1;
        }
    }
}
