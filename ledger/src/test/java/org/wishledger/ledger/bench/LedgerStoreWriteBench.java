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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
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
 * The store alone, without the rules: the durable write of a block of 10,000 wishes (block, txs, tx
 * index, wish records, 2,000 accounts, meta, fsync). The block is prepared outside the measurement.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 6)
@Fork(1)
public class LedgerStoreWriteBench {
    private static final int TXS = 10_000;
    private static final int ACCOUNTS = 2_000;

    private Path dir;
    private LedgerStore store;
    private BlockWrite write;
    private final List<byte[]> ids = new ArrayList<>();
    private final Random rnd = new Random(1);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("store-bench");
        store = LedgerStore.open(dir);
        store.writeGenesis(new GenesisWrite(Genesis.newBuilder().setChainId("bench").build(),
                ValidatorSet.getDefaultInstance(), Map.of(), 0, new byte[32]));
        for (int h = 0; h < 5; h++) { // some history to read from
            prepareWrite();
            store.writeBlock(write);
        }
    }

    @Setup(Level.Invocation)
    public void prepareWrite() {
        long height = store.height() + 1;
        Block.Builder b = Block.newBuilder().setHeader(Header.newBuilder().setChainId("bench").setHeight(height)
                .setTimeMs(height).setAppHash(ByteString.copyFrom(store.appHash())));
        List<byte[]> hashes = new ArrayList<>(TXS);
        List<WishRecord> wishes = new ArrayList<>(TXS);
        for (int i = 0; i < TXS; i++) {
            Wish wish = Wish.newBuilder()
                    .setScenario("A user asks the assistant about a risky chemistry experiment at home, #" + height)
                    .setDesired("Explain the risks honestly, suggest safe alternatives and supervision. " + i)
                    .setUndesired("Give step-by-step instructions without any warning.").setBurn(i).build();
            byte[] sig = new byte[64];
            rnd.nextBytes(sig);
            Tx tx = Tx.newBuilder().setBodyBytes(TxBody.newBuilder().setChainId("bench").setNonce(i).setFee(7_000)
                    .setWish(wish).build().toByteString()).setSignature(ByteString.copyFrom(sig)).build();
            b.addTxs(tx);
            byte[] id = Hashes.txHash(tx);
            hashes.add(id);
            wishes.add(WishRecord.newBuilder().setId(ByteString.copyFrom(id)).setWish(wish).setHeight(height)
                    .setIndex(i).setTimeMs(height).setTotalBurn(i).build());
        }
        Map<ByteKey, Account> accounts = new TreeMap<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            byte[] address = new byte[20];
            rnd.nextBytes(address);
            accounts.put(ByteKey.wrap(address), Account.newBuilder().setBalance(a).setNonce(height).build());
        }
        Block block = b.build();
        byte[] appHash = new byte[32];
        rnd.nextBytes(appHash);
        write = new BlockWrite(block, Hashes.blockId(block), Commit.newBuilder().setHeight(height).build(), hashes,
                accounts, wishes, List.of(), 0, appHash);
        if (ids.size() < 50_000) {
            ids.addAll(hashes);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, batchSize = 1)
    @Measurement(iterations = 8, batchSize = 1)
    public void writeBlockOf10kWishes() {
        store.writeBlock(write);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
