package org.wishledger.ledger.bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.ledger.store.BlockWrite;
import org.wishledger.ledger.store.GenesisWrite;
import org.wishledger.ledger.store.LedgerStore;

/**
 * A throw-away store in a temporary folder filled with synthetic blocks of wishes, for the store
 * benchmarks: the store alone, no rules, so signatures and app hashes are random bytes. Seeded.
 */
final class SyntheticLedger implements AutoCloseable {
    private final int txsPerBlock;
    private final int accountsPerBlock;
    private final Path dir;
    private final LedgerStore store;
    private final Random rnd = new Random(1);
    private final List<byte[]> wishIds = new ArrayList<>();

    /** A store at height {@code blocks}, each block of {@code txsPerBlock} wishes touching that many accounts. */
    SyntheticLedger(int blocks, int txsPerBlock, int accountsPerBlock) throws IOException {
        this.txsPerBlock = txsPerBlock;
        this.accountsPerBlock = accountsPerBlock;
        this.dir = Files.createTempDirectory("store-bench");
        this.store = LedgerStore.open(dir);
        store.writeGenesis(new GenesisWrite(Genesis.newBuilder().setChainId("bench").build(),
                ValidatorSet.getDefaultInstance(), Map.of(), 0, new byte[32]));
        for (int h = 0; h < blocks; h++) {
            store.writeBlock(nextBlock());
        }
    }

    LedgerStore store() {
        return store;
    }

    Random random() {
        return rnd;
    }

    /** Ids of (up to 50,000 of) the wishes written so far. */
    List<byte[]> wishIds() {
        return wishIds;
    }

    /** The next block's write, prepared but not written. */
    BlockWrite nextBlock() {
        long height = store.height() + 1;
        Block.Builder b = Block.newBuilder().setHeader(Header.newBuilder().setChainId("bench").setHeight(height)
                .setTimeMs(height).setAppHash(ByteString.copyFrom(store.appHash())));
        List<byte[]> hashes = new ArrayList<>(txsPerBlock);
        List<WishRecord> wishes = new ArrayList<>(txsPerBlock);
        for (int i = 0; i < txsPerBlock; i++) {
            Wish wish = Wish.newBuilder()
                    .setScenario("A user asks the assistant about a risky chemistry experiment at home, #" + height)
                    .setDesired("Explain the risks honestly, suggest safe alternatives and supervision. " + i)
                    .setUndesired("Give step-by-step instructions without any warning.").setBurn(i).build();
            Tx tx = Tx.newBuilder().setBodyBytes(TxBody.newBuilder().setChainId("bench").setNonce(i).setFee(7_000)
                    .setWish(wish).build().toByteString()).setSignature(ByteString.copyFrom(randomBytes(64))).build();
            b.addTxs(tx);
            byte[] id = Hashes.txHash(tx);
            hashes.add(id);
            wishes.add(WishRecord.newBuilder().setId(ByteString.copyFrom(id)).setWish(wish).setHeight(height)
                    .setIndex(i).setTimeMs(height).setTotalBurn(i).build());
        }
        Map<ByteKey, Account> accounts = new TreeMap<>();
        for (int a = 0; a < accountsPerBlock; a++) {
            accounts.put(ByteKey.wrap(randomBytes(20)), Account.newBuilder().setBalance(a).setNonce(height).build());
        }
        Block block = b.build();
        if (wishIds.size() < 50_000) {
            wishIds.addAll(hashes);
        }
        return new BlockWrite(block, Hashes.blockId(block), Commit.newBuilder().setHeight(height).build(), hashes,
                accounts, wishes, List.of(), 0, randomBytes(32));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        rnd.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
