package org.wishledger.testnet.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.NodeStatus;
import org.wishledger.client.proto.WishView;
import org.wishledger.client.proto.WishesResponse;

/**
 * Writes the committed wishes up to one height as a Hugging Face style dataset: shards under data/ (gzip
 * JSONL or Parquet, {@link ExportFormat}) and a dataset card (README.md) naming the chain, the height and the app hash. The height is fixed
 * when the export starts and kept in {@value #STATE_FILE}, so an interrupted export resumes at the first
 * shard it had not finished (a shard is written to a temporary name and renamed when whole) against the
 * same snapshot.
 */
public final class DatasetExport {
    public static final String STATE_FILE = "export-state.json";
    public static final int ROWS_PER_SHARD = 10_000;
    private static final int PAGE = 500;

    private final RpcClient rpc;
    private final Path out;
    private final Consumer<String> progress;
    private final int rowsPerShard;
    private final ExportFormat format;

    public DatasetExport(RpcClient rpc, Path out, ExportFormat format, Consumer<String> progress) {
        this(rpc, out, format, ROWS_PER_SHARD, progress);
    }

    /** With a chosen shard size (tests use small ones to get several shards from a small chain). */
    public DatasetExport(RpcClient rpc, Path out, ExportFormat format, int rowsPerShard, Consumer<String> progress) {
        this.rpc = rpc;
        this.out = out;
        this.format = format;
        this.rowsPerShard = rowsPerShard;
        this.progress = progress;
    }

    /** Runs (or resumes) the export; returns the final state. */
    public ExportState run() throws IOException {
        Files.createDirectories(out.resolve("data"));
        ExportState state = ExportState.read(out.resolve(STATE_FILE));
        NodeStatus status = rpc.status();
        if (state == null) {
            state = ExportState.start(status.getChainId(), status.getHeight(), status.getAppHash(), format);
            state.write(out.resolve(STATE_FILE));
            progress.accept("exporting chain " + state.chainId + " at height " + state.height + " as " + format.cliName);
        } else if (!state.chainId.equals(status.getChainId())) {
            throw new IOException(out + " holds an export of chain " + state.chainId + ", the node serves " + status.getChainId());
        } else if (state.format() != format) {
            throw new IOException(out + " holds a " + state.format().cliName + " export; resume it with --format "
                    + state.format().cliName + " or export to another folder");
        } else {
            progress.accept("resuming at shard " + state.shards + " (" + state.rows + " rows done), height " + state.height);
        }
        while (!state.complete) {
            writeShard(state);
            state.write(out.resolve(STATE_FILE));
        }
        Files.writeString(out.resolve("README.md"), DatasetCard.render(state), StandardCharsets.UTF_8);
        progress.accept("done: " + state.rows + " wishes in " + state.shards + " shards at height " + state.height);
        return state;
    }

    private void writeShard(ExportState state) throws IOException {
        Path shard = out.resolve("data").resolve(format.shardName(state.shards));
        Path tmp = shard.resolveSibling(shard.getFileName() + ".tmp");
        long afterHeight = state.afterHeight;
        int afterIndex = state.afterIndex;
        List<JsonObject> rows = new ArrayList<>();
        boolean end = false;
        while (rows.size() < rowsPerShard && !end) {
            WishesResponse page = rpc.wishes(afterHeight, afterIndex, Math.min(PAGE, rowsPerShard - rows.size()));
            for (WishView wish : page.getWishesList()) {
                if (wish.getHeight() > state.height) {
                    end = true; // committed after the snapshot: not part of this export
                    break;
                }
                rows.add(row(wish));
                afterHeight = wish.getHeight();
                afterIndex = wish.getIndex();
            }
            end |= !page.getMore();
        }
        if (!rows.isEmpty()) {
            format.write(tmp, rows, state);
            Files.move(tmp, shard, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            state.shards++;
        }
        state.rows += rows.size();
        state.afterHeight = afterHeight;
        state.afterIndex = afterIndex;
        state.complete = end;
        progress.accept(state.rows + " wishes exported (through height " + afterHeight + " of " + state.height + ")");
    }

    private static java.math.BigInteger unsigned(long v) {
        return new java.math.BigInteger(Long.toUnsignedString(v));
    }

    /** One row; the columns and their types are {@link DatasetCard#SCHEMA}. */
    static JsonObject row(WishView w) {
        JsonObject o = new JsonObject();
        o.addProperty("id", w.getId());
        o.addProperty("scenario", w.getScenario());
        o.addProperty("desired", w.getDesired());
        o.addProperty("undesired", w.getUndesired());
        o.addProperty("language", w.getLanguage());
        JsonArray tags = new JsonArray();
        w.getTagsList().forEach(tags::add);
        o.add("tags", tags);
        o.addProperty("burn", unsigned(w.getBurn()));
        o.addProperty("endorsed_burn", unsigned(w.getEndorsedBurn()));
        o.addProperty("influence", unsigned(w.getInfluence()));
        o.addProperty("parent", w.getParent());
        o.addProperty("height", unsigned(w.getHeight()));
        o.addProperty("index", w.getIndex());
        o.addProperty("time_ms", unsigned(w.getTimeMs()));
        return o;
    }
}
