package org.wishledger.testnet.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.StoreSnapshot;
import org.wishledger.rules.BlockResult;
import org.wishledger.rules.Rules;
import org.wishledger.testnet.proto.VerifyReport;

/**
 * Audits a node's chain: re-executes every block from genesis into a fresh temporary store with the
 * same rules a validator runs ({@link Rules#applyBlock}: the commit's +2/3 precommit signatures against
 * the validator set, every header field, every tx), and compares each block id and resulting app hash
 * with what the audited store recorded. Nothing is trusted from the audited store but the bytes of
 * blocks and commits.
 *
 * <p>The audited store is read through ONE {@link StoreSnapshot} (one LMDB read transaction) for the
 * whole run, so it may belong to a node that is still running: the audit covers the chain up to the tip
 * it had when the run started, and blocks committed meanwhile are simply not part of it. (Reading the
 * live store piecewise compared block N's re-execution with the app hash of a later tip: a healthy chain
 * reported as corrupt.) The read transaction pins the pages it sees, so the node's file may grow for the
 * duration of the audit; that is the price of a consistent view without stopping the node.
 */
public final class ChainVerifier {
    private ChainVerifier() {
    }

    /**
     * @param source   the audited store (only read, through one snapshot; the node may still be running)
     * @param genesis  the chain's genesis, from the node's config (not from the store)
     * @param scratch  an empty folder for the fresh store; deleted afterwards
     * @param progress called with each verified height now and then
     */
    public static VerifyReport verify(LedgerStore source, Genesis genesis, Path scratch, LongConsumer progress)
            throws IOException {
        try (StoreSnapshot snapshot = source.snapshot()) {
            return verify(snapshot, genesis, scratch, progress);
        }
    }

    private static VerifyReport verify(StoreSnapshot source, Genesis genesis, Path scratch, LongConsumer progress)
            throws IOException {
        long started = System.nanoTime();
        VerifyReport.Builder report = VerifyReport.newBuilder();
        Optional<Genesis> stored = source.genesis();
        if (stored.isPresent() && !stored.get().equals(genesis)) {
            return mismatch(report, 0, "the store was initialised with another genesis than config/genesis.json", started);
        }
        long last = source.height();
        try (LedgerStore fresh = LedgerStore.open(scratch)) {
            Rules.initGenesis(fresh, genesis);
            Rules rules = new Rules(genesis);
            long txs = 0;
            long anonSpends = 0;
            for (long h = 1; h <= last; h++) {
                Optional<Block> block = source.block(h);
                Optional<Commit> commit = source.commit(h);
                if (block.isEmpty() || commit.isEmpty()) {
                    return mismatch(report.setTxs(txs), h, "the store has no " + (block.isEmpty() ? "block" : "commit")
                            + " at height " + h + " although its height is " + last, started);
                }
                BlockResult result;
                try {
                    result = rules.applyBlock(fresh, block.get(), commit.get(), Set.of());
                } catch (Rejection r) {
                    return mismatch(report.setTxs(txs), h, "block " + h + " does not re-execute: " + r.code() + ": "
                            + r.getMessage(), started);
                }
                txs += block.get().getTxsCount();
                anonSpends += anonymousSpends(block.get());
                byte[] expectedAppHash = h < last
                        ? source.block(h + 1).map(b -> b.getHeader().getAppHash().toByteArray()).orElse(null)
                        : source.appHash();
                if (expectedAppHash == null || !Arrays.equals(expectedAppHash, result.appHash())) {
                    return mismatch(report.setTxs(txs), h, "app hash after block " + h + " is "
                            + Hex.encode(result.appHash()) + " on re-execution but "
                            + (expectedAppHash == null ? "missing" : Hex.encode(expectedAppHash)) + " in the store", started);
                }
                report.setBlocks(h).setTxs(txs).setAnonSpends(anonSpends).setHeight(h).setAppHash(Hex.encode(result.appHash()));
                if ((h & 255) == 0) {
                    progress.accept(h);
                }
            }
            if (last > 0 && !Arrays.equals(Hashes.blockId(source.block(last).orElseThrow()), source.lastBlockId())) {
                return mismatch(report, last, "the store's last block id does not match its block " + last, started);
            }
        } finally {
            deleteRecursively(scratch);
        }
        if (last == 0) {
            report.setAppHash(Hex.encode(source.appHash()));
        }
        return report.setOk(true).setSeconds((System.nanoTime() - started) / 1e9).build();
    }

    /**
     * The block's anonymous spends. A fresh process has no proof verdicts cached, so re-executing them
     * ({@link Rules#applyBlock}) verified every one of their Triptych proofs again.
     */
    private static int anonymousSpends(Block block) throws IOException {
        int n = 0;
        for (org.wishledger.ledger.proto.Tx tx : block.getTxsList()) {
            org.wishledger.ledger.proto.TxBody body = org.wishledger.ledger.proto.TxBody.parseFrom(tx.getBodyBytes());
            if (body.hasAnonWish() || body.hasAnonEndorse()) {
                n++;
            }
        }
        return n;
    }

    private static VerifyReport mismatch(VerifyReport.Builder report, long height, String what, long started) {
        return report.setOk(false).setMismatchHeight(height).setMismatch(what)
                .setSeconds((System.nanoTime() - started) / 1e9).build();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
