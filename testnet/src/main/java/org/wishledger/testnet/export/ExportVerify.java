package org.wishledger.testnet.export;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.BlockProofView;
import org.wishledger.client.proto.MerkleStepView;
import org.wishledger.client.proto.NodeStatus;
import org.wishledger.client.proto.TxProofView;
import org.wishledger.client.proto.WishView;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.MerklePath;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.rules.CommitVerifier;
import org.wishledger.rules.Rules;

/**
 * Checks an export against a node of its chain. First the anchor: header H+1 (H = the export's height)
 * carries the export's app hash and is decided by +2/3 of the genesis validators (see {@link #anchorFailure}).
 * Then row by row, with inclusion proofs (GET /proofs/txs/{id}): the row equals the wish its tx carries, and
 * the tx is in a block whose commit verifies against the same validators (see {@link #proofFailure}).
 * Stops at the first row that fails and names it (shard, line or row, column).
 */
public final class ExportVerify {
    /** The first failing row, or null when every row checked out. */
    public record Result(long rows, String failure) {
    }

    /** How long to wait for block H+1 (whose header carries the app hash after H) when the node is at H. */
    private static final long NEXT_BLOCK_WAIT_MS = 15_000;

    private final RpcClient rpc;
    private final Path dir;
    private final Genesis trusted;
    private final Consumer<String> progress;
    /** Block ids (hex) proven by a commit of the genesis validators, directly or as a proven header's parent. */
    private final Set<String> provenBlocks = new HashSet<>();
    private CommitVerifier commits;

    /**
     * @param trusted the chain's genesis as the verifier knows it (its validator set is the trust root), or
     *                null to take the node's /genesis (then the node could lie about the validators too)
     */
    public ExportVerify(RpcClient rpc, Path dir, Genesis trusted, Consumer<String> progress) {
        this.rpc = rpc;
        this.dir = dir;
        this.trusted = trusted;
        this.progress = progress;
    }

    public Result run() throws IOException {
        ExportState state = ExportState.read(dir.resolve(DatasetExport.STATE_FILE));
        if (state == null || !state.complete) {
            throw new IOException(dir + " holds no finished export (" + DatasetExport.STATE_FILE + ")");
        }
        NodeStatus status = rpc.status();
        if (!status.getChainId().equals(state.chainId)) {
            return new Result(0, "the node serves chain " + status.getChainId() + ", the export is of " + state.chainId);
        }
        if (status.getHeight() < state.height) {
            return new Result(0, "the node is at height " + status.getHeight() + ", below the export's " + state.height);
        }
        String anchor = anchorFailure(state);
        if (anchor != null) {
            return new Result(0, anchor);
        }
        ExportFormat format = state.format();
        List<Path> shards;
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            shards = files.filter(p -> p.getFileName().toString().endsWith(format.suffix)).sorted().toList();
        }
        long[] rows = {0};
        String[] failure = {null};
        for (Path shard : shards) {
            boolean go = format.read(shard, (where, row) -> {
                failure[0] = rowFailure(state, row);
                if (failure[0] != null) {
                    failure[0] = where + ": " + failure[0];
                    return false;
                }
                if (++rows[0] % 1000 == 0) {
                    progress.accept(rows[0] + " rows verified");
                }
                return true;
            });
            if (!go) {
                return new Result(rows[0], failure[0]);
            }
        }
        if (rows[0] != state.rows) {
            return new Result(rows[0], "the shards hold " + rows[0] + " rows, the export wrote " + state.rows);
        }
        return new Result(rows[0], null);
    }

    /**
     * Null when the export's app hash is the one in header H+1 and that header is decided by +2/3 of the
     * genesis validators' power. The check is the one state sync runs on a snapshot's anchor
     * ({@link Rules#commitVerifier()}, i.e. CommitCheck): distinct members, valid precommit signatures over
     * the canonical vote, more than 2/3 of the power.
     */
    private String anchorFailure(ExportState state) throws IOException {
        Genesis genesis = trusted;
        if (genesis == null) {
            progress.accept("no --genesis given: trusting the node's /genesis for the validator set");
            genesis = rpc.genesis();
        }
        if (!genesis.getChainId().equals(state.chainId)) {
            return "the genesis is of chain " + genesis.getChainId() + ", the export is of " + state.chainId;
        }
        commits = new Rules(genesis).commitVerifier();
        long next = state.height + 1;
        long deadline = System.currentTimeMillis() + NEXT_BLOCK_WAIT_MS;
        while (rpc.status().getHeight() < next) {
            if (System.currentTimeMillis() > deadline) {
                return "block " + next + ", whose header carries the app hash after " + state.height
                        + ", is not committed yet; verify again once the chain has moved on";
            }
            sleep();
        }
        Header header;
        try {
            header = provenHeader(next);
        } catch (IOException | Rejection e) {
            return "block " + next + " (it carries the export's app hash): " + e.getMessage();
        }
        if (!Hex.encode(header.getAppHash().toByteArray()).equals(state.appHash)) {
            return "the export's app hash " + state.appHash + " is not the one block " + next
                    + " commits to (" + Hex.encode(header.getAppHash().toByteArray()) + ")";
        }
        provenBlocks.add(Hex.encode(header.getLastBlockId().toByteArray())); // block H, signed into H+1
        progress.accept("app hash " + state.appHash + " is signed by +2/3 of the genesis validators (block " + next + ")");
        return null;
    }

    /** The header at {@code height}, once its commit verifies against the genesis validators. */
    private Header provenHeader(long height) throws IOException, Rejection {
        BlockProofView view = rpc.get("/proofs/blocks/" + height, BlockProofView.newBuilder());
        Header header = Header.parseFrom(Hex.decode(view.getHeader()));
        if (header.getHeight() != height) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "the node's header is of height " + header.getHeight());
        }
        byte[] blockId = Hashes.blockId(header);
        commits.verify(Commit.parseFrom(Hex.decode(view.getCommit())), height, blockId);
        provenBlocks.add(Hex.encode(blockId));
        return header;
    }

    /** Null when block {@code blockId} at {@code height} is decided by the genesis validators. */
    private String blockFailure(String blockId, long height) throws IOException {
        if (provenBlocks.contains(blockId)) {
            return null;
        }
        try {
            provenHeader(height);
        } catch (Rejection e) {
            return "block " + height + " is not proven by the genesis validators: " + e.getMessage();
        } catch (IOException e) {
            return "block " + height + " has no commit to check (" + e.getMessage() + ")";
        }
        return provenBlocks.contains(blockId) ? null
                : "the proof's block " + blockId + " is not the block the validators decided at height " + height;
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the next block", e);
        }
    }

    /** Null when the row is in the export's range and proven by the chain; else why not. */
    private String rowFailure(ExportState state, JsonObject row) throws IOException {
        if (row == null) {
            return "not a JSON object";
        }
        String id = string(row, "id");
        long height = row.has("height") ? row.get("height").getAsLong() : -1;
        if (height < 1 || height > state.height) {
            return "height " + height + " is outside 1.." + state.height;
        }
        return proofFailure(row, id, height);
    }

    /**
     * Null when the node's inclusion proof binds this row to its block: the proof's tx hashes to the row's
     * id, its wish equals the row, its hash folds up the Merkle path to the header's data_hash, and the
     * header hashes to the block id. Only endorsed_burn and influence are not in the tx (they grow with
     * later endorsements) and are not checked.
     */
    private String proofFailure(JsonObject row, String id, long height) throws IOException {
        TxProofView proof;
        try {
            proof = rpc.get("/proofs/txs/" + id, TxProofView.newBuilder());
        } catch (IOException e) {
            return "wish " + id + " is not on the chain (" + e.getMessage() + ")";
        }
        byte[] txBytes = Hex.decode(proof.getTx());
        byte[] txHash = Sha256.hash(txBytes);
        if (!Hex.encode(txHash).equals(id)) {
            return "the node's tx for " + id + " hashes to " + Hex.encode(txHash);
        }
        Header header = Header.parseFrom(Hex.decode(proof.getHeader()));
        if (!Hex.encode(Hashes.blockId(header)).equals(proof.getBlockId())) {
            return "the proof's header does not hash to its block id " + proof.getBlockId();
        }
        String unsigned = blockFailure(proof.getBlockId(), header.getHeight());
        if (unsigned != null) {
            return unsigned;
        }
        List<MerklePath.Step> path = new ArrayList<>();
        for (MerkleStepView s : proof.getPathList()) {
            path.add(new MerklePath.Step(Hex.decode(s.getSibling()), s.getSiblingOnLeft()));
        }
        if (!MerklePath.proves(txHash, path, header.getDataHash().toByteArray())) {
            return "the Merkle path of " + id + " does not lead to block " + header.getHeight() + "'s data_hash";
        }
        JsonObject proven = DatasetExport.row(wishOf(txBytes, id, header, proof.getIndex()));
        for (String column : proven.keySet()) {
            if (column.equals("endorsed_burn") || column.equals("influence")) {
                continue;
            }
            if (!proven.get(column).equals(row.get(column))) {
                return "column " + column + " is " + row.get(column) + ", the chain has " + proven.get(column);
            }
        }
        return null;
    }

    /** The row the chain proves: the wish as its tx carries it, placed by the proof's header. */
    private static WishView wishOf(byte[] txBytes, String id, Header header, int index) throws IOException {
        Wish w = TxBody.parseFrom(Tx.parseFrom(txBytes).getBodyBytes()).getWish();
        return WishView.newBuilder().setId(id).setScenario(w.getScenario()).setDesired(w.getDesired())
                .setUndesired(w.getUndesired()).setLanguage(w.getLanguage()).addAllTags(w.getTagsList())
                .setBurn(w.getBurn()).setParent(Hex.encode(w.getParent().toByteArray()))
                .setHeight(header.getHeight()).setIndex(index).setTimeMs(header.getTimeMs()).build();
    }

    private static String string(JsonObject row, String column) {
        return row.has(column) && row.get(column).isJsonPrimitive() ? row.get(column).getAsString() : "";
    }
}
