package org.wishledger.testnet.export;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.MerkleStepView;
import org.wishledger.client.proto.NodeStatus;
import org.wishledger.client.proto.TxProofView;
import org.wishledger.client.proto.WishView;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.MerklePath;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;

/**
 * Checks an export against a node of its chain, row by row, with inclusion proofs (GET /proofs/txs/{id}):
 * the row equals the wish its tx carries, and the tx is in the block whose id the validators signed (see
 * {@link #proofFailure}). Stops at the first row that fails and names it (shard, line, column).
 */
public final class ExportVerify {
    /** The first failing row, or null when every row checked out. */
    public record Result(long rows, String failure) {
    }

    private final RpcClient rpc;
    private final Path dir;
    private final Consumer<String> progress;

    public ExportVerify(RpcClient rpc, Path dir, Consumer<String> progress) {
        this.rpc = rpc;
        this.dir = dir;
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
        if (!Hex.encode(Sha256.hash(Hex.decode(proof.getHeader()))).equals(proof.getBlockId())) {
            return "the proof's header does not hash to its block id " + proof.getBlockId();
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
