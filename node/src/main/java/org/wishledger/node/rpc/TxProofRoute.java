package org.wishledger.node.rpc;

import java.util.ArrayList;
import java.util.List;
import org.wishledger.client.proto.BlockProofView;
import org.wishledger.client.proto.MerkleStepView;
import org.wishledger.client.proto.TxProofView;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.MerklePath;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;

/**
 * GET /proofs/txs/{hash}: a committed tx, its block header and the Merkle path from its hash to the
 * header's data_hash, so a verifier (`wishledger export verify`) trusts only the block id, not the node's
 * copy of the wish. GET /proofs/blocks/{height}: that block's header and the commit that decided it, so the
 * verifier checks the block id against the genesis validators' precommits instead of trusting the node.
 */
final class TxProofRoute {
    private static final int HASH_BYTES = 32;

    private final RpcBackend backend;

    TxProofRoute(RpcBackend backend) {
        this.backend = backend;
    }

    Router register(Router router) {
        return router.get("/proofs/txs/{hash}", this::proof).get("/proofs/blocks/{height}", this::blockProof);
    }

    /** The header and the commit that decided it, both as encoded bytes: what a light verifier checks. */
    private RpcResponse blockProof(RpcRequest r) throws Rejection {
        long height = RpcRequest.parseUint("height", r.pathParam("height"));
        Block block = backend.block(height).orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND,
                "no block at height " + height + " (latest is " + backend.latestHeight() + ")"));
        Commit commit = backend.commit(height).orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND,
                "the commit of height " + height + " is not known yet"));
        return RpcResponse.json(BlockProofView.newBuilder()
                .setHeight(height)
                .setHeader(Hex.encode(block.getHeader().toByteArray()))
                .setBlockId(Hex.encode(Hashes.blockId(block.getHeader())))
                .setCommit(Hex.encode(commit.toByteArray())));
    }

    private RpcResponse proof(RpcRequest r) throws Rejection {
        byte[] hash = r.hexPathParam("hash", HASH_BYTES);
        CommittedTx tx = backend.tx(hash).orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND,
                "no committed tx with hash " + r.pathParam("hash")));
        Block block = backend.block(tx.height()).orElseThrow(() -> new Rejection(ErrorCode.INTERNAL,
                "tx " + r.pathParam("hash") + " is indexed at height " + tx.height() + " but the block is missing"));
        List<byte[]> leaves = new ArrayList<>(block.getTxsCount());
        for (Tx t : block.getTxsList()) {
            leaves.add(Hashes.txHash(t));
        }
        TxProofView.Builder out = TxProofView.newBuilder()
                .setTxHash(Hex.encode(hash))
                .setHeight(tx.height())
                .setIndex(tx.index())
                .setTx(Hex.encode(tx.tx().toByteArray()))
                .setHeader(Hex.encode(block.getHeader().toByteArray()))
                .setBlockId(Hex.encode(Hashes.blockId(block.getHeader())));
        for (MerklePath.Step s : MerklePath.of(leaves, tx.index())) {
            out.addPath(MerkleStepView.newBuilder().setSibling(Hex.encode(s.sibling())).setSiblingOnLeft(s.siblingOnLeft()));
        }
        return RpcResponse.json(out);
    }
}
