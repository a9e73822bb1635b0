package org.wishledger.rules;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.StoreSnapshot;

/**
 * Block-level rules: header checks, executing a block's txs against a snapshot, and assembling a valid
 * proposal from admitted txs. Pure: it reads a snapshot and returns an {@link ExecutedBlock}; writing is
 * the caller's business.
 */
final class BlockExecutor {
    /** Room for the header's varints and the block's field tags beyond the fixed-size hashes. */
    private static final int HEADER_SLACK = 128;
    /** Below this many txs, splitting the decoding over threads costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 64;

    private final String chainId;
    private final ChainParams params;
    private final TxDecoder decoder;
    private final CommitVerifier commits;
    private final ByteString validatorsHash;
    private final long genesisTimeMs;

    BlockExecutor(String chainId, ChainParams params, TxDecoder decoder, CommitVerifier commits,
            byte[] validatorsHash, long genesisTimeMs) {
        this.chainId = chainId;
        this.params = params;
        this.decoder = decoder;
        this.commits = commits;
        this.validatorsHash = ByteString.copyFrom(validatorsHash);
        this.genesisTimeMs = genesisTimeMs;
    }

    ExecutedBlock execute(StoreSnapshot snap, Block block, PreVerified pre) throws Rejection {
        if (!block.hasHeader()) {
            throw new Rejection(ErrorCode.MALFORMED, "block has no header");
        }
        Header h = block.getHeader();
        checkHeader(snap, block, h);
        List<Tx> txs = block.getTxsList();
        byte[][] encoded = new byte[txs.size()][];
        Object[] decoded = decodeAll(txs, pre, encoded); // CheckedTx or Undecodable per tx
        List<byte[]> hashes = new ArrayList<>(txs.size());
        for (Object d : decoded) {
            hashes.add(d instanceof CheckedTx c ? c.hash() : ((Undecodable) d).hash());
        }
        if (!Arrays.equals(Hashes.dataHashOfHashes(hashes), h.getDataHash().toByteArray())) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "data_hash is not the Merkle root of the block's tx hashes");
        }
        verifyAnonymousSpends(snap, decoded);
        TxRunner runner = new TxRunner(snap, h.getHeight(), h.getTimeMs(), chainId);
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] instanceof Undecodable u) {
                throw u.reason().atTx(i);
            }
            try {
                runner.run((CheckedTx) decoded[i], i);
            } catch (Rejection r) {
                throw r.atTx(i);
            }
        }
        byte[] blockId = Hashes.blockId(h);
        return runner.finish(block, blockId, hashes, Arrays.asList(encoded), ByteKey.copyOf(h.getProposer().toByteArray()));
    }

    /**
     * Verifies, as batches, the proofs of the block's anonymous spends whose verdict is not known yet
     * (admission already verified the ones it saw) and whose bucket is sealed; the txs' turn in the
     * runner then finds the verdict. Spends of unknown or open buckets are refused there anyway.
     */
    private static void verifyAnonymousSpends(StoreSnapshot snap, Object[] decoded) {
        List<CheckedTx> spends = new ArrayList<>();
        List<org.wishledger.ledger.proto.AnonBucket> buckets = new ArrayList<>();
        for (Object d : decoded) {
            if (d instanceof CheckedTx c && c.anonymous()) {
                var note = c.anonNote();
                snap.anonBucket(note.getDenom(), note.getBucketId())
                        .filter(b -> b.getSealedHeight() != 0 && !StateRules.PROOFS.known(c, b))
                        .ifPresent(b -> {
                            spends.add(c);
                            buckets.add(b);
                        });
            }
        }
        if (!spends.isEmpty()) {
            StateRules.PROOFS.verifyAll(spends, buckets);
        }
    }

    /** A tx of the block that failed the stateless checks; reported only when execution reaches it. */
    private record Undecodable(byte[] hash, Rejection reason) {
    }

    /**
     * Hashes and decodes (and, unless pre-verified, verifies) every tx. Each tx is independent, so large
     * blocks are spread over the common fork-join pool; the results are positional, so the outcome does
     * not depend on scheduling. Signatures still to check are gathered and checked in batches (a batch
     * gives each tx the same verdict as a single check). The encodings made for hashing are kept in
     * {@code encoded} so the store can copy them rather than serialise every tx again.
     */
    private Object[] decodeAll(List<Tx> txs, PreVerified pre, byte[][] encoded) {
        Object[] out = new Object[txs.size()];
        CheckedTx[] unverified = new CheckedTx[txs.size()];
        IntStream range = IntStream.range(0, txs.size());
        (txs.size() >= PARALLEL_THRESHOLD ? range.parallel() : range).forEach(i -> {
            Tx tx = txs.get(i);
            encoded[i] = tx.toByteArray();
            byte[] hash = Hashes.txHash(encoded[i]);
            ByteKey key = ByteKey.wrap(hash);
            CheckedTx c = pre.decoded(key);
            if (c != null) {
                out[i] = c;
                return;
            }
            try {
                c = decoder.decode(tx, false, hash);
                if (pre.signatureVerified(key)) {
                    out[i] = c;
                } else {
                    unverified[i] = c;
                }
            } catch (Rejection r) {
                out[i] = new Undecodable(hash, r);
            }
        });
        verifySignatures(unverified, out);
        return out;
    }

    /** Checks the signatures of the non-null {@code unverified[i]} and fills {@code out[i]} with the verdict. */
    private static void verifySignatures(CheckedTx[] unverified, Object[] out) {
        int[] positions = new int[unverified.length];
        int count = 0;
        for (int i = 0; i < unverified.length; i++) {
            if (unverified[i] != null) {
                positions[count++] = i;
            }
        }
        final int pending = count;
        if (pending == 0) {
            return;
        }
        CheckedTx[] dense = new CheckedTx[pending];
        for (int j = 0; j < pending; j++) {
            dense[j] = unverified[positions[j]];
        }
        // Enough chunks to use every core, none larger than a batch nor (when several) smaller than 64.
        int chunks = Math.max(ceilDiv(pending, TxSignatures.BATCH),
                Math.min(ForkJoinPool.getCommonPoolParallelism(), ceilDiv(pending, PARALLEL_THRESHOLD)));
        int chunkSize = ceilDiv(pending, chunks);
        boolean[] valid = new boolean[pending];
        IntStream byChunk = IntStream.range(0, chunks);
        (chunks > 1 ? byChunk.parallel() : byChunk).forEach(ch ->
                TxSignatures.verify(dense, ch * chunkSize, Math.min(pending, (ch + 1) * chunkSize), valid));
        for (int j = 0; j < pending; j++) {
            CheckedTx c = dense[j];
            out[positions[j]] = valid[j] ? c : new Undecodable(c.hash(), TxDecoder.badSignature(c.signer()));
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private void checkHeader(StoreSnapshot snap, Block block, Header h) throws Rejection {
        if (!chainId.equals(h.getChainId())) {
            throw new Rejection(ErrorCode.WRONG_CHAIN, "block is for chain '" + h.getChainId() + "', this is '" + chainId + "'");
        }
        long expectedHeight = snap.height() + 1;
        if (h.getHeight() != expectedHeight) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "block height " + h.getHeight() + ", expected " + expectedHeight);
        }
        if (!Arrays.equals(h.getLastBlockId().toByteArray(), snap.lastBlockId())) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "last_block_id " + Hex.encode(h.getLastBlockId().toByteArray())
                    + " is not the id of block " + (expectedHeight - 1));
        }
        long minTime = minTime(snap, expectedHeight);
        if (h.getTimeMs() < minTime) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "block time " + h.getTimeMs() + " must be at least " + minTime
                    + " (after the previous block)");
        }
        if (!h.getValidatorsHash().equals(validatorsHash)) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "validators_hash is not the hash of the validator set");
        }
        if (!Arrays.equals(h.getAppHash().toByteArray(), snap.appHash())) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "app_hash " + Hex.encode(h.getAppHash().toByteArray())
                    + " is not the state after block " + (expectedHeight - 1));
        }
        if (!commits.isValidator(h.getProposer())) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "proposer " + Hex.encode(h.getProposer().toByteArray())
                    + " is not a validator");
        }
        if (block.getTxsCount() > params.maxBlockTxs()) {
            throw new Rejection(ErrorCode.TOO_LARGE, "block has " + block.getTxsCount() + " txs; the limit is " + params.maxBlockTxs());
        }
        if (block.getSerializedSize() > params.maxBlockBytes()) {
            throw new Rejection(ErrorCode.TOO_LARGE, "block is " + block.getSerializedSize() + " bytes; the limit is "
                    + params.maxBlockBytes());
        }
        if (expectedHeight == 1) {
            if (block.hasLastCommit() || !h.getLastCommitHash().isEmpty()) {
                throw new Rejection(ErrorCode.INVALID_BLOCK, "block 1 must have no last commit");
            }
        } else {
            if (!block.hasLastCommit()) {
                throw new Rejection(ErrorCode.INVALID_BLOCK, "block " + expectedHeight + " lacks the commit of block "
                        + (expectedHeight - 1));
            }
            if (!Arrays.equals(Hashes.commitHash(block.getLastCommit()), h.getLastCommitHash().toByteArray())) {
                throw new Rejection(ErrorCode.INVALID_BLOCK, "last_commit_hash is not the hash of last_commit");
            }
            commits.verify(block.getLastCommit(), expectedHeight - 1, snap.lastBlockId());
        }
    }

    /** Block 1 may carry the genesis time; every later block must be strictly later than its parent. */
    private long minTime(StoreSnapshot snap, long height) {
        return height == 1 ? genesisTimeMs : snap.lastBlockTimeMs() + 1;
    }

    /**
     * A valid block from admitted txs: each candidate is checked against the state left by the ones
     * before it and skipped if it no longer passes (e.g. a nonce taken by another tx) or does not fit.
     */
    Block build(StoreSnapshot snap, List<CheckedTx> candidates, long timeMs, byte[] proposer, Commit lastCommit) {
        long height = snap.height() + 1;
        if (height > 1 && lastCommit == null) {
            throw new IllegalArgumentException("a proposal for height " + height + " needs the commit of block " + (height - 1));
        }
        long time = Math.max(timeMs, minTime(snap, height));
        Header.Builder header = Header.newBuilder()
                .setChainId(chainId)
                .setHeight(height)
                .setTimeMs(time)
                .setLastBlockId(ByteString.copyFrom(snap.lastBlockId()))
                .setValidatorsHash(validatorsHash)
                .setAppHash(ByteString.copyFrom(snap.appHash()))
                .setProposer(ByteString.copyFrom(proposer))
                .setDataHash(ByteString.copyFrom(new byte[32]));
        Block.Builder block = Block.newBuilder();
        if (height > 1) {
            header.setLastCommitHash(ByteString.copyFrom(Hashes.commitHash(lastCommit)));
            block.setLastCommit(lastCommit);
        }
        long bytes = CodedOutputStream.computeMessageSize(1, header.build()) + HEADER_SLACK
                + (block.hasLastCommit() ? CodedOutputStream.computeMessageSize(3, lastCommit) : 0);
        TxRunner runner = new TxRunner(snap, height, time, chainId);
        List<byte[]> hashes = new ArrayList<>();
        for (CheckedTx c : candidates) {
            if (block.getTxsCount() >= params.maxBlockTxs()) {
                break;
            }
            long txBytes = CodedOutputStream.computeMessageSize(2, c.tx());
            if (bytes + txBytes > params.maxBlockBytes()) {
                continue;
            }
            try {
                runner.run(c, block.getTxsCount());
            } catch (Rejection skipped) {
                continue; // no longer valid on top of what is already in the block
            }
            bytes += txBytes;
            block.addTxs(c.tx());
            hashes.add(c.hash());
        }
        header.setDataHash(ByteString.copyFrom(Hashes.dataHashOfHashes(hashes)));
        return block.setHeader(header).build();
    }
}
