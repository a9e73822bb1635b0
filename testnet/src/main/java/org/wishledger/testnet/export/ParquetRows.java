package org.wishledger.testnet.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.testnet.export.parquet.ParquetColumn;

/**
 * The export's rows as Parquet columns and back. The JSON row of {@link DatasetExport#row} stays the one
 * definition of a row's content; the columns and their kinds come from {@link DatasetCard#SCHEMA}, so both
 * formats carry the same columns with the same values.
 */
final class ParquetRows {
    static final List<ParquetColumn> COLUMNS = columns();

    private ParquetRows() {
    }

    private static List<ParquetColumn> columns() {
        List<ParquetColumn> out = new ArrayList<>();
        for (String[] c : DatasetCard.SCHEMA) {
            out.add(new ParquetColumn(c[0], switch (c[1]) {
                case "string" -> ParquetColumn.Kind.STRING;
                case "uint64" -> ParquetColumn.Kind.UINT64;
                case "uint32" -> ParquetColumn.Kind.UINT32;
                case "list of string" -> ParquetColumn.Kind.STRING_LIST;
                default -> throw new IllegalStateException("no parquet column kind for " + c[1]);
            }));
        }
        return List.copyOf(out);
    }

    static Object[] toColumns(JsonObject row) {
        Object[] v = new Object[COLUMNS.size()];
        for (int i = 0; i < v.length; i++) {
            ParquetColumn c = COLUMNS.get(i);
            JsonElement e = row.get(c.name());
            v[i] = switch (c.kind()) {
                case STRING -> e.getAsString();
                case UINT64 -> e.getAsBigInteger().longValue(); // the unsigned value's 64 bits
                case UINT32 -> e.getAsInt();
                case STRING_LIST -> {
                    List<String> items = new ArrayList<>();
                    e.getAsJsonArray().forEach(x -> items.add(x.getAsString()));
                    yield items;
                }
            };
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static JsonObject toJson(List<ParquetColumn> columns, Object[] values) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < values.length; i++) {
            ParquetColumn c = columns.get(i);
            switch (c.kind()) {
                case STRING -> o.addProperty(c.name(), (String) values[i]);
                case UINT64 -> o.addProperty(c.name(), new BigInteger(Long.toUnsignedString((Long) values[i])));
                case UINT32 -> o.addProperty(c.name(), Integer.toUnsignedLong((Integer) values[i]));
                case STRING_LIST -> {
                    JsonArray a = new JsonArray();
                    ((List<String>) values[i]).forEach(a::add);
                    o.add(c.name(), a);
                }
            }
        }
        return o;
    }
}
