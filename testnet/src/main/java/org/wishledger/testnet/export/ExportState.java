package org.wishledger.testnet.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where an export stands: its snapshot (chain, height, app hash) and the cursor after the last whole shard. */
public final class ExportState {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public String chainId;
    public long height;
    public String appHash;
    public int shards;
    public long rows;
    public long afterHeight;
    public int afterIndex = Integer.MAX_VALUE;
    public boolean complete;
    /** jsonl or parquet; absent (null) in state files written before parquet existed, which are jsonl. */
    public String format;

    /** The format of the shards; absent (before parquet existed) means jsonl. */
    public ExportFormat format() {
        return format == null ? ExportFormat.JSONL : ExportFormat.of(format);
    }

    static ExportState start(String chainId, long height, String appHash, ExportFormat format) {
        ExportState s = new ExportState();
        s.format = format.cliName;
        s.chainId = chainId;
        s.height = height;
        s.appHash = appHash;
        return s;
    }

    static ExportState read(Path file) throws IOException {
        return Files.exists(file) ? GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ExportState.class) : null;
    }

    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, GSON.toJson(this), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
