package org.wishledger.testnet.export;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.wishledger.testnet.export.parquet.ParquetFileReader;
import org.wishledger.testnet.export.parquet.ParquetFileWriter;

/**
 * How a shard of rows is stored: gzip JSONL (one JSON object a line) or Parquet (one row group a shard,
 * GZIP pages, see {@link ParquetFileWriter}). Both hold the rows of {@link DatasetExport#row}.
 */
public enum ExportFormat {
    JSONL("jsonl", ".jsonl.gz"),
    PARQUET("parquet", ".parquet");

    /** A row read back, with where it was (for "shard line N" / "shard row N" messages). */
    public interface RowSink {
        /** @return false to stop reading */
        boolean accept(String where, JsonObject row) throws IOException;
    }

    public final String cliName;
    public final String suffix;

    ExportFormat(String cliName, String suffix) {
        this.cliName = cliName;
        this.suffix = suffix;
    }

    public static ExportFormat of(String name) {
        for (ExportFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown export format " + name + " (jsonl or parquet)");
    }

    String shardName(int n) {
        return String.format("train-%05d%s", n, suffix);
    }

    void write(Path file, List<JsonObject> rows, ExportState state) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file)) {
            if (this == JSONL) {
                try (Writer w = new OutputStreamWriter(new GZIPOutputStream(raw), StandardCharsets.UTF_8)) {
                    for (JsonObject row : rows) {
                        w.write(row.toString());
                        w.write('\n');
                    }
                }
                return;
            }
            List<Object[]> columns = new ArrayList<>(rows.size());
            rows.forEach(r -> columns.add(ParquetRows.toColumns(r)));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("wishledger.chain_id", state.chainId);
            meta.put("wishledger.height", Long.toString(state.height));
            meta.put("wishledger.app_hash", state.appHash);
            ParquetFileWriter.write(raw, ParquetRows.COLUMNS, columns, ParquetFileWriter.Codec.GZIP, meta);
        }
    }

    /** Reads a shard's rows in order; a row that cannot be read at all is a JSON null given to the sink. */
    boolean read(Path shard, RowSink sink) throws IOException {
        String name = shard.getFileName().toString();
        if (this == JSONL) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(shard)), StandardCharsets.UTF_8))) {
                String line;
                int lineNo = 0;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    JsonObject row;
                    try {
                        row = JsonParser.parseString(line).getAsJsonObject();
                    } catch (RuntimeException e) {
                        row = null;
                    }
                    if (!sink.accept(name + " line " + lineNo, row)) {
                        return false;
                    }
                }
            }
            return true;
        }
        ParquetFileReader file = ParquetFileReader.open(shard);
        if (!file.columns().equals(ParquetRows.COLUMNS)) {
            throw new IOException(name + ": columns " + file.columns() + " are not the dataset card's");
        }
        int rowNo = 0;
        for (Object[] values : file.rows()) {
            if (!sink.accept(name + " row " + ++rowNo, ParquetRows.toJson(file.columns(), values))) {
                return false;
            }
        }
        return true;
    }
}
