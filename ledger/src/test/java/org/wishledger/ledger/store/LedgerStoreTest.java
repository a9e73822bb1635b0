package org.wishledger.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.DuplicateVoteEvidence;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.proto.WishRecord;

/** The store on its own: what it writes it reads back, by every key, across reopen. */
class LedgerStoreTest {
    @TempDir
    Path dir;

    private static final byte[] ALICE = filled(20, 0xA1);
    private static final byte[] BOB = filled(20, 0xB0);

    @Test
    void genesisIsIdempotentAndADifferentGenesisIsRefused() {
        try (LedgerStore store = LedgerStore.open(dir)) {
            assertEquals(0, store.height());
            assertEquals(0, store.appHash().length);
            assertTrue(store.writeGenesis(genesis("chain-a")));
            assertFalse(store.writeGenesis(genesis("chain-a")));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> store.writeGenesis(genesis("chain-b")));
            assertTrue(e.getMessage().contains("another genesis"), e.getMessage());
            assertEquals(1000, store.account(ALICE).orElseThrow().getBalance());
            assertEquals(1000, store.supply());
            assertEquals(5000, store.lastBlockTimeMs());
        }
    }

    @Test
    void blocksTxsWishesAndAccountsReadBackByEveryKeyAfterReopen() {
        List<byte[]> appHashes = new ArrayList<>();
        List<byte[]> wishIds = new ArrayList<>();
        try (LedgerStore store = LedgerStore.open(dir)) {
            store.writeGenesis(genesis("chain-a"));
            for (int h = 1; h <= 3; h++) {
                BlockWrite w = block(store, h, 3, wishIds);
                store.writeBlock(w);
                appHashes.add(w.appHash());
            }
            assertThrows(IllegalStateException.class, () -> store.writeBlock(block(store, 7, 1, new ArrayList<>())));
        }
        try (LedgerStore store = LedgerStore.open(dir)) {
            assertEquals(3, store.height());
            assertArrayEquals(appHashes.get(2), store.appHash());
            Block b2 = store.block(2).orElseThrow();
            assertEquals(3, b2.getTxsCount());
            assertEquals(2, store.blockById(Hashes.blockId(b2)).orElseThrow().getHeader().getHeight());
            assertEquals(2, store.commit(2).orElseThrow().getHeight());
            assertTrue(store.block(4).isEmpty());
            byte[] h = Hashes.txHash(b2.getTxs(1));
            assertEquals(2, store.txLocation(h).orElseThrow().getHeight());
            assertEquals(1, store.txLocation(h).orElseThrow().getIndex());
            assertEquals(b2.getTxs(1), store.tx(h).orElseThrow());
            WishRecord w = store.wish(wishIds.get(4)).orElseThrow();
            assertEquals(2, w.getHeight());
            assertEquals(1, w.getIndex());
            assertEquals("be kind 2/1", w.getWish().getDesired()); // text restored from the tx
            assertEquals(5003, store.lastBlockTimeMs());

            List<WishRecord> after1 = store.wishesAfter(1, 100);
            assertEquals(6, after1.size());
            assertEquals(2, after1.get(0).getHeight());
            List<WishRecord> page = store.wishesAfter(2, 1, 2);
            assertEquals(2, page.size());
            assertEquals(2, page.get(0).getIndex());
            assertEquals(3, page.get(1).getHeight());
            assertEquals(0, page.get(1).getIndex());
            assertEquals(9, store.wishesAfter(0, 100).size());
            assertEquals(0, store.wishesAfter(3, 100).size());
            assertEquals(3, store.account(ALICE).orElseThrow().getNonce());
            assertEquals(3, store.account(BOB).orElseThrow().getBalance());
        }
    }

    /** Readers run during block writes and always see one whole block boundary, never a half-written block. */
    @Test
    void readersSeeWholeBlocksWhileTheWriterCommits() throws Exception {
        try (LedgerStore store = LedgerStore.open(dir)) {
            store.writeGenesis(genesis("chain-a"));
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicLong snapshots = new java.util.concurrent.atomic.AtomicLong();
            Thread reader = new Thread(() -> {
                try {
                    while (!done.get()) {
                        try (StoreSnapshot s = store.snapshot()) {
                            long h = s.height();
                            assertEquals(h, s.account(ALICE).orElseThrow().getNonce(), "account state of height " + h);
                            if (h > 0) {
                                assertEquals(5, s.block(h).orElseThrow().getTxsCount(), "block " + h);
                                assertTrue(s.commit(h).isPresent(), "commit " + h);
                                assertEquals(5 * (int) h, s.wishesAfter(0, 1_000_000).size(), "wishes up to " + h);
                            }
                            assertTrue(s.block(h + 1).isEmpty(), "block above the height " + h);
                        }
                        snapshots.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            List<byte[]> ids = new ArrayList<>();
            for (int h = 1; h <= 40; h++) {
                store.writeBlock(block(store, h, 5, ids));
            }
            done.set(true);
            reader.join(10_000);
            if (failure.get() != null) {
                throw new AssertionError("reader saw an inconsistent snapshot", failure.get());
            }
            assertTrue(snapshots.get() > 0);
        }
    }

    @Test
    void evidenceIsStoredOnceAndInHeightOrder() {
        try (LedgerStore store = LedgerStore.open(dir)) {
            DuplicateVoteEvidence e5 = evidence(5);
            DuplicateVoteEvidence e2 = evidence(2);
            store.addEvidence(e5);
            store.addEvidence(e2);
            store.addEvidence(e5);
            assertEquals(List.of(e2, e5), store.evidence());
        }
    }

    private static DuplicateVoteEvidence evidence(long h) {
        Vote a = Vote.newBuilder().setHeight(h).setBlockId(ByteString.copyFrom(filled(32, 1))).build();
        Vote b = Vote.newBuilder().setHeight(h).setBlockId(ByteString.copyFrom(filled(32, 2))).build();
        return DuplicateVoteEvidence.newBuilder().setVoteA(a).setVoteB(b).setDetectedAtHeight(h).build();
    }

    static GenesisWrite genesis(String chainId) {
        Genesis g = Genesis.newBuilder().setChainId(chainId).setGenesisTimeMs(5000).build();
        Map<ByteKey, Account> accounts = new TreeMap<>();
        accounts.put(ByteKey.copyOf(ALICE), Account.newBuilder().setBalance(1000).build());
        return new GenesisWrite(g, ValidatorSet.getDefaultInstance(), accounts, 1000, filled(32, 7));
    }

    /** A store in {@code dir} at height {@code blocks} of synthetic wish blocks, closed; returns the wish ids. */
    static List<byte[]> writeChain(Path dir, int blocks, int txsPerBlock) {
        List<byte[]> ids = new ArrayList<>();
        try (LedgerStore store = LedgerStore.open(dir)) {
            store.writeGenesis(genesis("chain-a"));
            for (int h = 1; h <= blocks; h++) {
                store.writeBlock(block(store, h, txsPerBlock, ids));
            }
        }
        return ids;
    }

    /** A synthetic block of {@code n} wish txs (the store does not validate; the rules do). */
    static BlockWrite block(LedgerStore store, long height, int n, List<byte[]> wishIds) {
        Block.Builder b = Block.newBuilder().setHeader(Header.newBuilder()
                .setChainId("chain-a").setHeight(height).setTimeMs(5000 + height)
                .setAppHash(ByteString.copyFrom(store.appHash())));
        List<byte[]> hashes = new ArrayList<>();
        List<WishRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Wish wish = Wish.newBuilder().setDesired("be kind " + height + "/" + i).build();
            Tx tx = Tx.newBuilder().setBodyBytes(TxBody.newBuilder().setNonce(i).setWish(wish).build().toByteString()).build();
            b.addTxs(tx);
            byte[] id = Hashes.txHash(tx);
            hashes.add(id);
            wishIds.add(id);
            records.add(WishRecord.newBuilder().setId(ByteString.copyFrom(id))
                    .setWish(wish).setHeight(height).setIndex(i).build());
        }
        Block block = b.build();
        Map<ByteKey, Account> accounts = new TreeMap<>();
        accounts.put(ByteKey.copyOf(ALICE), Account.newBuilder().setBalance(1000 - height).setNonce(height).build());
        accounts.put(ByteKey.copyOf(BOB), Account.newBuilder().setBalance(height).build());
        return new BlockWrite(block, Hashes.blockId(block), Commit.newBuilder().setHeight(height).build(), hashes,
                accounts, records, List.of(), 0, filled(32, (int) height));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }
}
