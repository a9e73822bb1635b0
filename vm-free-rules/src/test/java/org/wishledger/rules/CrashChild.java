package org.wishledger.rules;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;

/**
 * The process the crash test kills: opens (or creates) a store, and applies the pre-generated blocks
 * from the store's height onwards, printing "applied H APPHASH" after each durable commit. Also used
 * in-process for the clean reference run.
 *
 * <p>Usage: {@code CrashChild STORE_DIR BLOCKS_FILE}
 */
public final class CrashChild {
    static final int VALIDATORS = 4;
    static final int ACCOUNTS = 8;

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        List<List<Tx>> blocks = readBlocks(Path.of(args[1]));
        TestChain chain = new TestChain(VALIDATORS, ACCOUNTS);
        try (LedgerStore store = LedgerStore.open(Path.of(args[0]))) {
            Rules.initGenesis(store, chain.genesis);
            System.out.println("ready " + store.height());
            System.out.flush();
            run(chain, store, blocks, line -> {
                System.out.println(line);
                System.out.flush();
            });
        }
        System.out.println("done");
        System.out.flush();
    }

    /** Applies the blocks after the store's height; reports each one after its commit returned. */
    static void run(TestChain chain, LedgerStore store, List<List<Tx>> blocks, java.util.function.Consumer<String> report)
            throws Rejection {
        for (long h = store.height() + 1; h <= blocks.size(); h++) {
            List<Tx> txs = blocks.get((int) h - 1);
            Block block = chain.block(store, txs, (int) h);
            // Signatures are pre-verified so the child spends its time executing and writing blocks,
            // where a kill is most interesting; signature checks are covered by other tests.
            Set<ByteKey> verified = new HashSet<>();
            for (Tx tx : txs) {
                verified.add(ByteKey.wrap(Hashes.txHash(tx)));
            }
            chain.rules.applyBlock(store, block, chain.commit(block), verified);
            report.accept("applied " + h + " " + Hex.encode(store.appHash()));
        }
    }

    static void writeBlocks(Path file, List<List<Tx>> blocks) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (List<Tx> txs : blocks) {
                Block.newBuilder().addAllTxs(txs).build().writeDelimitedTo(out);
            }
        }
    }

    static List<List<Tx>> readBlocks(Path file) throws IOException {
        List<List<Tx>> blocks = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Block b;
            while ((b = Block.parseDelimitedFrom(in)) != null) {
                blocks.add(b.getTxsList());
            }
        }
        return blocks;
    }
}
