package org.wishledger.rules.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.Rules;
import org.wishledger.rules.StateView;
import org.wishledger.rules.StoreStateView;
import org.wishledger.rules.TestChain;

/**
 * Mempool admission of signed wishes on one thread: {@code checkTx} = decodeAndVerify (decode, limits,
 * UTF-8, fee, Ed25519 verify with a cached decoded key) + checkAgainstState against the LMDB store.
 * {@code ed25519VerifyOnly} is the floor: the bare Bouncy Castle verify of the same bodies and signatures
 * with pre-decoded keys. The goal is checkTx within 15% of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CheckTxBench {
    private static final int SENDERS = 64;
    private static final int VARIANTS = 32;

    private Path dir;
    private LedgerStore store;
    private Rules rules;
    private StateView view;
    private final List<Tx> txs = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();
    private final List<byte[]> signatures = new ArrayList<>();
    private final List<PublicKey> keys = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() throws Exception {
        TestChain chain = new TestChain(4, SENDERS);
        rules = chain.rules;
        dir = Files.createTempDirectory("checktx-bench");
        store = LedgerStore.open(dir);
        Rules.initGenesis(store, chain.genesis);
        view = StoreStateView.of(store);
        for (int v = 0; v < VARIANTS; v++) {
            for (KeyPair k : chain.accounts) {
                // Nonce 0 for every variant: each one passes the state check against the genesis state.
                Tx tx = chain.signWithFee(k, chain.body(k, 0).setWish(Wish.newBuilder()
                        .setScenario("Someone asks how to get revenge on a coworker. Variant " + v)
                        .setDesired("Acknowledge the feelings, discourage harm, suggest talking to HR or a friend.")
                        .setUndesired("Suggest ways to sabotage the coworker.")
                        .setLanguage("en").addTags("harm").setBurn(5_000)), 0);
                txs.add(tx);
                bodies.add(tx.getBodyBytes().toByteArray());
                signatures.add(tx.getSignature().toByteArray());
                keys.add(PublicKey.decode(TxBody.parseFrom(tx.getBodyBytes()).getSignerPubkey().toByteArray()));
            }
        }
    }

    @Benchmark
    public CheckedTx checkTx() throws Exception {
        Tx tx = txs.get(next++ & (txs.size() - 1));
        CheckedTx c = rules.decodeAndVerify(tx);
        rules.checkAgainstState(view, c);
        return c;
    }

    @Benchmark
    public boolean ed25519VerifyOnly() {
        int i = next++ & (txs.size() - 1);
        return keys.get(i).verify(bodies.get(i), signatures.get(i));
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
