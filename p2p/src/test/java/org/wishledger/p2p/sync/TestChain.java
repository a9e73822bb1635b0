package org.wishledger.p2p.sync;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.CommitSig;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.SyncBlockResponse;
import org.wishledger.ledger.proto.Tx;

/**
 * An in-memory chain for block-sync tests: real Block/Commit messages linked by block ids, a source
 * that serves them, and a sink that checks what a node checks structurally (height order, parent
 * link, commit names this block) — signature checks belong to the node's sink.
 */
public final class TestChain {
    static final String CHAIN_ID = "sync-test";

    private TestChain() {
    }

    public static List<SyncBlockResponse> build(int blocks, int txsPerBlock) {
        List<SyncBlockResponse> chain = new ArrayList<>(blocks);
        byte[] previous = new byte[0];
        for (int h = 1; h <= blocks; h++) {
            Block.Builder block = Block.newBuilder().setHeader(Header.newBuilder().setChainId(CHAIN_ID).setHeight(h)
                    .setTimeMs(1_000L * h).setLastBlockId(ByteString.copyFrom(previous)));
            for (int i = 0; i < txsPerBlock; i++) {
                block.addTxs(Tx.newBuilder().setBodyBytes(ByteString.copyFromUtf8("block " + h + " tx " + i + " ".repeat(250)))
                        .setSignature(ByteString.copyFrom(new byte[64])));
            }
            Block built = block.build();
            byte[] id = Hashes.blockId(built);
            Commit commit = Commit.newBuilder().setHeight(h).setBlockId(ByteString.copyFrom(id))
                    .addSignatures(CommitSig.newBuilder().setValidator(ByteString.copyFrom(new byte[20]))
                            .setSignature(ByteString.copyFrom(new byte[64]))).build();
            chain.add(SyncBlockResponse.newBuilder().setBlock(built).setCommit(commit).build());
            previous = id;
        }
        return chain;
    }

    /** Serves a prefix of a chain, optionally corrupting what it serves; counts the blocks it served. */
    public static final class Source implements BlockSource {
        private final List<SyncBlockResponse> chain;
        private final UnaryOperator<SyncBlockResponse> corrupt;
        final AtomicInteger served = new AtomicInteger();
        /** How much of the chain is "committed" so far; tests grow it to model a live network. */
        final java.util.concurrent.atomic.AtomicLong committed;

        public Source(List<SyncBlockResponse> chain) {
            this(chain, UnaryOperator.identity());
        }

        Source(List<SyncBlockResponse> chain, UnaryOperator<SyncBlockResponse> corrupt) {
            this.chain = chain;
            this.corrupt = corrupt;
            this.committed = new java.util.concurrent.atomic.AtomicLong(chain.size());
        }

        @Override
        public long base() {
            return 1;
        }

        @Override
        public long height() {
            return committed.get();
        }

        @Override
        public Optional<SyncBlockResponse> load(long height) {
            if (height < 1 || height > committed.get()) {
                return Optional.empty();
            }
            served.incrementAndGet();
            return Optional.of(corrupt.apply(chain.get((int) height - 1)));
        }
    }

    /** Applies blocks that extend its chain and whose commit names them; rejects anything else. */
    public static class Sink implements BlockSink {
        public final List<Block> applied = new CopyOnWriteArrayList<>();
        private volatile byte[] lastId = new byte[0];

        @Override
        public long height() {
            return applied.size();
        }

        @Override
        public void apply(Block block, Commit commit) throws Rejection {
            long expected = applied.size() + 1L;
            if (block.getHeader().getHeight() != expected) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "expected height " + expected + ", got " + block.getHeader().getHeight());
            }
            if (!Arrays.equals(block.getHeader().getLastBlockId().toByteArray(), lastId)) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "block " + expected + " does not extend our chain");
            }
            byte[] id = Hashes.blockId(block);
            if (!Arrays.equals(commit.getBlockId().toByteArray(), id) || commit.getHeight() != expected) {
                throw new Rejection(ErrorCode.BAD_SIGNATURE, "commit does not sign block " + expected);
            }
            applied.add(block);
            lastId = id;
        }
    }
}
