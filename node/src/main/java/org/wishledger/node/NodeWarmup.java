package org.wishledger.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.wishledger.client.TxBuilder;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.Params;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.p2p.secure.FrameCipher;
import org.wishledger.rules.BlockVerdict;
import org.wishledger.rules.CheckedTx;
import org.wishledger.rules.PreVerified;
import org.wishledger.rules.Rules;
import org.wishledger.rules.UnanimousCommit;
import org.wishledger.rules.StoreStateView;

/**
 * Runs the node's per-tx hot paths on a throw-away chain before the node opens its ports, so the JIT
 * has compiled them by the time the first client load arrives.
 *
 * <p>Why (measured, docs/benchmarks.md "Cold start"): on a fresh testnet the first seconds of load found
 * the four node JVMs interpreting: applying a block of 1,533 wishes took 1,415 ms on one node (20–50 ms
 * once warm), validating a proposal 100–300 ms (1–10 ms warm), so the first 1,000/s run had a p50 of
 * 0.5–0.6 s and a p99 of 5.7 s while every later run had ~0.1 s. The work here is what the node does with
 * every tx: protobuf decode, hashing, batch signature verification ({@code decodeAndVerifyAll}), mempool
 * admission and reaping, proposal building, block validation, commit verification and the durable
 * apply into LMDB, plus the wire encoding and the p2p frame cipher (ChaCha20-Poly1305) of txs and blocks.
 *
 * <p>It never touches the real chain: a scratch genesis (fixed seeds, its own chain id) and a scratch
 * LMDB store in a temporary folder under the node's data directory, deleted afterwards. It is bounded by
 * a tx count and a wall-time cap, so a slow or crowded machine starts no later than the cap.
 */
final class NodeWarmup {
    private static final NodeLog LOG = NodeLog.of("warmup");
    private static final String CHAIN_ID = "wishledger-warmup";
    private static final int VALIDATORS = 4;
    private static final int ACCOUNTS = 64;
    private static final int TXS_PER_BLOCK = 500;
    /** Txs signed once and replayed on a fresh scratch store each round. */
    private static final int TXS_PER_ROUND = 4 * TXS_PER_BLOCK;
    private static final int FRAME = 16 * 1024;
    /** Enough for C2 to compile the per-tx paths (each runs a few thousand times; signature code far more). */
    static final int DEFAULT_TXS = 6_000;
    static final long DEFAULT_CAP_MS = 4_000;
    /** A small map: the scratch chain holds a few MiB. */
    private static final long SCRATCH_MAP_SIZE = 256L << 20;

    /** What one warm-up did (for the log line and tests). */
    record Result(int txs, int blocks, long millis, boolean capped, List<Long> blockMillis) {
        Result {
            blockMillis = List.copyOf(blockMillis);
        }
    }

    private NodeWarmup() {
    }

    /**
     * Warms up in a fresh folder under {@code parent} (removed afterwards). Never throws for a failure of
     * its own scratch chain: a warm-up is an optimisation, so a problem is logged and the node starts cold.
     */
    static Result run(Path parent, int maxTxs, long capMillis) {
        long start = System.nanoTime();
        Path dir = null;
        try {
            Files.createDirectories(parent);
            dir = Files.createTempDirectory(parent, "warmup-");
            Result r = warm(dir, maxTxs, capMillis, start);
            LOG.info("warm-up done", "txs", r.txs(), "blocks", r.blocks(), "ms", r.millis(), "capped", r.capped(),
                    "block_ms", r.blockMillis().toString().replace(" ", ""));
            return r;
        } catch (IOException | RuntimeException | Rejection e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.warn("warm-up failed, starting cold", "ms", ms, "error", e.toString());
            return new Result(0, 0, ms, false, List.of());
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static Result warm(Path dir, int maxTxs, long capMillis, long start) throws Rejection, IOException {
        long deadline = start + capMillis * 1_000_000L;
        List<KeyPair> validators = keys(1_000, VALIDATORS);
        List<KeyPair> accounts = keys(0, ACCOUNTS);
        Genesis genesis = genesis(validators, accounts);
        // Signed once (signing is the client's work, not the node's); each round replays the same txs on
        // a fresh scratch store, where their nonces are valid again.
        List<Tx> signed = signed(TxBuilder.forGenesis(genesis), accounts, TXS_PER_ROUND);
        FrameCipher seal = new FrameCipher(new byte[FrameCipher.KEY_BYTES], true);
        FrameCipher open = new FrameCipher(new byte[FrameCipher.KEY_BYTES], false);
        int txs = 0;
        int blocks = 0;
        List<Long> blockMillis = new ArrayList<>();
        for (int round = 0; txs < maxTxs && System.nanoTime() < deadline; round++) {
            Path roundDir = Files.createDirectory(dir.resolve("round-" + round));
            try (LedgerStore store = LedgerStore.open(roundDir, SCRATCH_MAP_SIZE)) {
                Rules.initGenesis(store, genesis);
                Rules rules = Rules.forStore(store);
                Mempool mempool = new Mempool(rules, StoreStateView.of(store), 2 * TXS_PER_ROUND, 64L << 20);
                Commit lastCommit = null; // none before height 1
                for (int from = 0; from < TXS_PER_ROUND && txs < maxTxs && System.nanoTime() < deadline;
                        from += TXS_PER_BLOCK) {
                    long t0 = System.nanoTime();
                    admit(rules, mempool, signed.subList(from, from + TXS_PER_BLOCK), seal, open);
                    List<CheckedTx> reaped = mempool.reap(rules.params().maxBlockBytes() - 64 * 1024, TXS_PER_BLOCK);
                    KeyPair proposer = validators.get(blocks % VALIDATORS);
                    Block built = rules.buildProposal(store, reaped, System.currentTimeMillis(), proposer.address(),
                            lastCommit);
                    Block block = Block.parseFrom(overTheWire(built.toByteArray(), seal, open)); // what a peer receives
                    // Every other block is validated as by a peer that never admitted its txs: the
                    // signatures are then batch-checked inside block validation too.
                    PreVerified pre = blocks % 2 == 0 ? mempool : PreVerified.NONE;
                    BlockVerdict verdict = rules.validateBlock(store, block, pre);
                    if (!verdict.valid()) {
                        throw new IllegalStateException("warm-up block refused: " + verdict);
                    }
                    lastCommit = UnanimousCommit.of(CHAIN_ID, validators, block);
                    var result = rules.applyBlock(store, block, lastCommit, pre);
                    mempool.update(result.txHashes(), StoreStateView.of(store), dropped -> { });
                    txs += block.getTxsCount();
                    blocks++;
                    blockMillis.add((System.nanoTime() - t0) / 1_000_000);
                }
            }
            deleteTree(roundDir);
        }
        return new Result(txs, blocks, (System.nanoTime() - start) / 1_000_000, txs < maxTxs, blockMillis);
    }

    /** The p2p frame cipher both ways, in frames of at most 16 KiB (as gossip and proposals travel). */
    private static byte[] overTheWire(byte[] message, FrameCipher seal, FrameCipher open) {
        byte[] sealed = new byte[FRAME + FrameCipher.TAG_BYTES];
        byte[] plain = new byte[message.length];
        for (int off = 0; off < message.length; off += FRAME) {
            int len = Math.min(FRAME, message.length - off);
            int n = seal.seal(message, off, len, sealed, 0);
            open.open(sealed, 0, n, plain, off);
        }
        return plain;
    }

    /** Client-port decode, hashing, batch signature check and mempool admission, as TxIntake does them. */
    private static void admit(Rules rules, Mempool mempool, List<Tx> wire, FrameCipher seal, FrameCipher open)
            throws InvalidProtocolBufferException, Rejection {
        List<Tx> txs = new ArrayList<>(wire.size());
        List<byte[]> hashes = new ArrayList<>(wire.size());
        for (Tx tx : wire) {
            byte[] encoded = overTheWire(tx.toByteArray(), seal, open);
            txs.add(Tx.parseFrom(encoded));
            hashes.add(Hashes.txHash(encoded));
        }
        CheckedTx[] checked = new CheckedTx[txs.size()];
        Rejection[] rejected = new Rejection[txs.size()];
        rules.decodeAndVerifyAll(txs, hashes, checked, rejected);
        for (int i = 0; i < checked.length; i++) {
            if (checked[i] == null) {
                throw rejected[i];
            }
            mempool.add(checked[i]);
        }
    }

    private static List<Tx> signed(TxBuilder builder, List<KeyPair> accounts, int n) {
        List<Tx> out = new ArrayList<>(n);
        long[] nonces = new long[accounts.size()];
        for (int i = 0; i < n; i++) {
            int a = i % accounts.size();
            int k = i;
            Wish wish = Wish.newBuilder()
                    .setScenario("warm-up scenario " + k + ": a user asks for advice about a topic and is in a hurry.")
                    .setDesired("Give a short, accurate answer first, then offer details; say what is uncertain. #" + k)
                    .setUndesired("Pad the answer or state guesses as facts.")
                    .setLanguage("en").addTags("warmup").setBurn(1 + k % 1000).build();
            out.add(builder.wish(accounts.get(a), nonces[a]++, wish));
        }
        return out;
    }

    private static Genesis genesis(List<KeyPair> validators, List<KeyPair> accounts) {
        Genesis.Builder g = Genesis.newBuilder().setChainId(CHAIN_ID).setGenesisTimeMs(1_700_000_000_000L)
                .setParams(Params.getDefaultInstance());
        for (int i = 0; i < validators.size(); i++) {
            g.addValidators(GenesisValidator.newBuilder().setName("w" + i)
                    .setPubKey(ByteString.copyFrom(validators.get(i).publicKey().encoded())).setPower(10));
        }
        for (KeyPair a : accounts) {
            g.addAccounts(GenesisAccount.newBuilder().setAddress(Hex.encode(a.address())).setBalance(1_000_000_000_000L));
        }
        return g.build();
    }

    /** Fixed seeds: the scratch chain is the same every time (its keys sign nothing that leaves it). */
    private static List<KeyPair> keys(int first, int n) {
        List<KeyPair> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] seed = new byte[32];
            ByteBuffer.wrap(seed).putInt(0x3a4d0000).putInt(first + i);
            out.add(KeyPair.fromSeed(seed));
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove the warm-up folder", "dir", dir, "error", e.toString());
        }
    }
}
