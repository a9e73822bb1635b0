package org.wishledger.testnet.export.parquet;

/**
 * One column of the files {@link ParquetFileWriter} writes. The kinds are the ones the export's rows have;
 * a row holds, per kind: STRING a String, UINT64 a Long (the unsigned value's bits), UINT32 an Integer,
 * STRING_LIST a {@code List<String>}.
 */
public record ParquetColumn(String name, Kind kind) {
    public enum Kind {
        /** BYTE_ARRAY, logical type STRING (converted type UTF8). */
        STRING,
        /** INT64, logical type INTEGER(64, unsigned). */
        UINT64,
        /** INT32, logical type INTEGER(32, unsigned). */
        UINT32,
        /**
         * The standard three-level LIST: {@code required group NAME (LIST) { repeated group list { required
         * binary element (STRING) } }}; max repetition level 1, max definition level 1 (0 = an empty list).
         */
        STRING_LIST
    }

    /** Parquet physical type numbers (parquet.thrift {@code Type}). */
    static final int INT32 = 1;
    static final int INT64 = 2;
    static final int BYTE_ARRAY = 6;

    int physicalType() {
        return switch (kind) {
            case STRING, STRING_LIST -> BYTE_ARRAY;
            case UINT64 -> INT64;
            case UINT32 -> INT32;
        };
    }

    /** Levels exist only for the list: its repeated group adds one repetition and one definition level. */
    boolean repeated() {
        return kind == Kind.STRING_LIST;
    }
}
