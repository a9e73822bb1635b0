package org.wishledger.testnet.local;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.wishledger.client.TxBuilder;
import org.wishledger.client.Wallet;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.node.HomeConfig;
import org.wishledger.node.NodeHome;
import org.wishledger.rules.UnanimousCommit;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.PreVerified;
import org.wishledger.rules.Rules;
import org.wishledger.testnet.bench.LoadPlan;

/**
 * Gives a freshly initialised, stopped testnet a long history in minutes instead of hours
 * ({@code testnet prefill}): real wishes signed by the testnet's funded accounts, packed into full blocks
 * by the rules' own proposal builder, decided by a commit that every validator of the genesis signs with
 * its node key, and written by {@link Rules#applyBlock} (the path a node takes for a decided block).
 * It is built once, in node0's store, and then copied to every other node: the stores of all nodes are
 * identical after the same blocks, so the testnet starts at the prefilled height and runs consensus
 * from there. {@code chain verify} re-checks such a chain like any other.
 *
 * <p>The signatures are made here and not verified again (the rules' stateless checks still run):
 * verifying 5 M signatures we just made would only double the time.
 */
public final class ChainPrefill {
    /** Progress is reported about this often. */
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final TestnetLayout layout;
    private final Consumer<String> progress;

    public ChainPrefill(TestnetLayout layout, Consumer<String> progress) {
        this.layout = layout;
        this.progress = progress;
    }

    /** What a prefill did. */
    public record Result(long txs, long blocks, long height, double seconds) {
    }

    /**
     * @throws IllegalStateException (its message says what to do) when a node is running, a node's
     *                               store already holds blocks, or the testnet has no funded accounts
     */
    public Result run(long txs, int txsPerBlock, long seed) throws IOException, InterruptedException, Rejection {
        List<NodeHome> homes = layout.nodes();
        if (homes.isEmpty()) {
            throw new IllegalStateException(layout.dir() + " holds no testnet; create one with `./wishledger testnet init --dir "
                    + layout.dir() + "`");
        }
        for (NodeHome home : homes) {
            if (NodeProcesses.running(home).isPresent()) {
                throw new IllegalStateException(home.name() + " is running; stop the testnet first (`./wishledger testnet down --dir "
                        + layout.dir() + "`)");
            }
            if (Files.exists(home.ledgerDir())) {
                throw new IllegalStateException(home.name() + " already has a ledger (" + home.ledgerDir() + "); prefill needs "
                        + "a freshly initialised testnet (`./wishledger testnet init` into an empty folder)");
            }
        }
        List<KeyPair> accounts = new ArrayList<>();
        for (Path file : layout.accountKeys()) {
            accounts.add(KeyFiles.load(file));
        }
        if (accounts.isEmpty()) {
            throw new IllegalStateException("no funded account keys under " + layout.accountsDir());
        }
        HomeConfig first = HomeConfig.load(homes.get(0));
        Genesis genesis = first.genesis();
        List<KeyPair> validators = validatorKeys(homes, genesis);
        long start = System.nanoTime();
        long height;
        try (LedgerStore store = LedgerStore.open(first.ledgerDir())) {
            height = fill(store, genesis, validators, accounts, txs, txsPerBlock, seed, start);
        }
        for (NodeHome home : homes.subList(1, homes.size())) {
            progress.accept("copying the store to " + home.name());
            copyTree(first.ledgerDir(), home.ledgerDir());
        }
        long blocks = (txs + txsPerBlock - 1) / txsPerBlock;
        return new Result(txs, blocks, height, (System.nanoTime() - start) / 1e9);
    }

    private long fill(LedgerStore store, Genesis genesis, List<KeyPair> validators, List<KeyPair> accounts, long txs,
                      int txsPerBlock, long seed, long start) throws InterruptedException, Rejection {
        Rules.initGenesis(store, genesis);
        Rules rules = Rules.forStore(store);
        TxBuilder builder = Wallet.txBuilder(genesis);
        long[] nonces = new long[accounts.size()]; // a fresh store: every account at nonce 0
        long done = 0;
        long nextReport = start + PROGRESS_EVERY_NANOS;
        while (done < txs) {
            int n = (int) Math.min(txsPerBlock, txs - done);
            LoadPlan plan = LoadPlan.generate(builder, accounts, nonces, 1, n, seed + store.height(), signed -> { });
            for (int a = 0; a < accounts.size(); a++) {
                nonces[a] += n / accounts.size() + (a < n % accounts.size() ? 1 : 0);
            }
            List<CheckedTx> candidates = new ArrayList<>(n);
            Set<ByteKey> ours = new HashSet<>(n * 2);
            for (LoadPlan.Item item : plan.items()) {
                Tx tx = item.tx();
                byte[] hash = Hashes.txHash(tx);
                candidates.add(rules.decodeSelfSigned(tx, hash));
                ours.add(ByteKey.wrap(hash));
            }
            long h = store.height();
            Commit lastCommit = h == 0 ? null : store.commit(h).orElseThrow();
            KeyPair proposer = validators.get((int) (h % validators.size()));
            Block block = rules.buildProposal(store, candidates, System.currentTimeMillis(), proposer.address(), lastCommit);
            if (block.getTxsCount() != n) {
                throw new IllegalStateException("block " + (h + 1) + " took " + block.getTxsCount() + " of " + n
                        + " txs (block size limits?); lower --txs-per-block");
            }
            rules.applyBlock(store, block, UnanimousCommit.of(genesis.getChainId(), validators, block), PreVerified.hashes(ours));
            done += n;
            long now = System.nanoTime();
            if (now >= nextReport || done == txs) {
                double s = (now - start) / 1e9;
                progress.accept(String.format("%6.1f s  height %,d  txs %,d of %,d (%.0f%%)  %,.0f txs/s", s, store.height(),
                        done, txs, 100.0 * done / txs, done / Math.max(1e-9, s)));
                nextReport = now + PROGRESS_EVERY_NANOS;
            }
        }
        return store.height();
    }

    /** Every genesis validator's key, from the node homes (each validator signs with its node key). */
    private static List<KeyPair> validatorKeys(List<NodeHome> homes, Genesis genesis) throws IOException {
        List<KeyPair> keys = new ArrayList<>();
        for (GenesisValidator v : genesis.getValidatorsList()) {
            KeyPair found = null;
            for (NodeHome home : homes) {
                KeyPair k = KeyFiles.load(home.nodeKeyFile());
                if (v.getPubKey().equals(ByteString.copyFrom(k.publicKey().encoded()))) {
                    found = k;
                }
            }
            if (found == null) {
                throw new IllegalStateException("no node home holds the key of validator " + v.getName()
                        + "; prefill signs commits with every validator's key");
            }
            keys.add(found);
        }
        return keys;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
