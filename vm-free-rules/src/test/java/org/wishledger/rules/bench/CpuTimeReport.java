package org.wishledger.rules.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
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
 * A companion to the JMH benchmarks for a shared, overloaded machine: it reports CPU time (which other
 * processes' load does not inflate) next to wall time. checkTx and the bare Ed25519 verify are measured
 * in alternating batches so both see the same conditions; applyBlock reports the whole process's CPU
 * time (it decodes on the fork-join pool) and the wall time including the fsync.
 *
 * <p>Run: {@code java $WISHLEDGER_JVM_FLAGS -cp <test classpath> org.wishledger.rules.bench.CpuTimeReport}
 */
public final class CpuTimeReport {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuTimeReport() {
    }

    public static void main(String[] args) throws Exception {
        checkTx();
        applyBlock();
    }

    private static void checkTx() throws Exception {
        TestChain chain = new TestChain(4, 64);
        Rules rules = chain.rules;
        Path dir = Files.createTempDirectory("cpu-report");
        try (LedgerStore store = LedgerStore.open(dir)) {
            Rules.initGenesis(store, chain.genesis);
            StateView view = StoreStateView.of(store);
            List<Tx> txs = new ArrayList<>();
            for (int v = 0; v < 32; v++) {
                for (KeyPair k : chain.accounts) {
                    txs.add(chain.signWithFee(k, chain.body(k, 0).setWish(Wish.newBuilder()
                            .setScenario("Someone asks how to get revenge on a coworker. Variant " + v)
                            .setDesired("Acknowledge the feelings, discourage harm, suggest talking to HR or a friend.")
                            .setUndesired("Suggest ways to sabotage the coworker.").setLanguage("en").addTags("harm")
                            .setBurn(5_000)), 0));
                }
            }
            List<PublicKey> keys = new ArrayList<>();
            for (Tx tx : txs) {
                keys.add(PublicKey.decode(TxBody.parseFrom(tx.getBodyBytes()).getSignerPubkey().toByteArray()));
            }
            long checkCpu = 0;
            long verifyCpu = 0;
            long ops = 0;
            for (int round = 0; round < 16; round++) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (Tx tx : txs) {
                    CheckedTx c = rules.decodeAndVerify(tx);
                    rules.checkAgainstState(view, c);
                }
                long t1 = THREADS.getCurrentThreadCpuTime();
                boolean all = true;
                for (int i = 0; i < txs.size(); i++) {
                    Tx tx = txs.get(i);
                    all &= keys.get(i).verify(tx.getBodyBytes().toByteArray(), tx.getSignature().toByteArray());
                }
                long t2 = THREADS.getCurrentThreadCpuTime();
                if (!all) {
                    throw new IllegalStateException("verify failed");
                }
                if (round >= 4) { // the first rounds warm up the JIT
                    checkCpu += t1 - t0;
                    verifyCpu += t2 - t1;
                    ops += txs.size();
                }
            }
            System.out.printf("checkTx (decode+verify+state): %.1f us CPU/op = %.0f ops/s per core%n",
                    checkCpu / 1e3 / ops, ops * 1e9 / checkCpu);
            System.out.printf("bare Ed25519 verify:           %.1f us CPU/op = %.0f ops/s per core%n",
                    verifyCpu / 1e3 / ops, ops * 1e9 / verifyCpu);
            System.out.printf("checkTx / verify throughput:   %.1f%%%n", 100.0 * verifyCpu / checkCpu);
        }
    }

    private static void applyBlock() throws Exception {
        int senders = 2_000;
        int perSender = 5;
        TestChain chain = new TestChain(4, senders);
        Path dir = Files.createTempDirectory("cpu-report-apply");
        try (LedgerStore store = LedgerStore.open(dir)) {
            Rules.initGenesis(store, chain.genesis);
            for (int b = 0; b < 10; b++) {
                List<Tx> list = chain.signedWishBlock(b, perSender);
                Block block = chain.block(store, list, b);
                Commit commit = chain.commit(block);
                Set<ByteKey> pre = new HashSet<>();
                for (Tx tx : list) {
                    pre.add(ByteKey.wrap(Hashes.txHash(tx)));
                }
                long cpu0 = OS.getProcessCpuTime();
                long wall0 = System.nanoTime();
                chain.rules.applyBlock(store, block, commit, pre);
                long wall = System.nanoTime() - wall0;
                long cpu = OS.getProcessCpuTime() - cpu0;
                System.out.printf("applyBlock #%d (%d pre-verified wishes): wall %.1f ms (incl. durable commit), process CPU %.1f ms%n",
                        b + 1, list.size(), wall / 1e6, cpu / 1e6);
            }
        }
    }
}
