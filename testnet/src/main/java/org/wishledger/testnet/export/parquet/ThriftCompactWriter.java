package org.wishledger.testnet.export.parquet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The part of Thrift's compact protocol that Parquet's footer and page headers need: structs, lists,
 * i32/i64 (zigzag varints), i8, bool, binary. Fields are written in increasing id order by the caller
 * (as parquet.thrift numbers them), so the short delta form of field headers is used whenever it fits.
 */
final class ThriftCompactWriter {
    static final int STOP = 0;
    static final int TRUE = 1;
    static final int FALSE = 2;
    static final int BYTE = 3;
    static final int I32 = 5;
    static final int I64 = 6;
    static final int BINARY = 8;
    static final int LIST = 9;
    static final int STRUCT = 12;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** The last field id of every enclosing struct: ids are delta-coded within their own struct. */
    private final Deque<Integer> enclosing = new ArrayDeque<>();
    private int lastField;

    byte[] toByteArray() {
        return out.toByteArray();
    }

    ThriftCompactWriter i32(int id, int v) {
        header(id, I32);
        varint(zigzag(v));
        return this;
    }

    ThriftCompactWriter i64(int id, long v) {
        header(id, I64);
        varint(zigzag(v));
        return this;
    }

    ThriftCompactWriter i8(int id, int v) {
        header(id, BYTE);
        out.write(v);
        return this;
    }

    /** Booleans that are struct fields carry their value in the field header's type. */
    ThriftCompactWriter bool(int id, boolean v) {
        header(id, v ? TRUE : FALSE);
        return this;
    }

    ThriftCompactWriter string(int id, String v) {
        header(id, BINARY);
        binary(v.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Opens a struct-typed field; close it with {@link #end}. */
    ThriftCompactWriter struct(int id) {
        header(id, STRUCT);
        return begin();
    }

    /** Opens a struct that is a list element (no field header). */
    ThriftCompactWriter begin() {
        enclosing.push(lastField);
        lastField = 0;
        return this;
    }

    /** Closes the innermost struct; at the top level it ends the outermost struct itself. */
    ThriftCompactWriter end() {
        out.write(STOP);
        lastField = enclosing.isEmpty() ? 0 : enclosing.pop();
        return this;
    }

    /** A list field header; then write {@code size} elements of {@code elementType}. */
    ThriftCompactWriter list(int id, int elementType, int size) {
        header(id, LIST);
        if (size < 15) {
            out.write(size << 4 | elementType);
        } else {
            out.write(0xF0 | elementType);
            varint(size);
        }
        return this;
    }

    /** A list element of type i32 (enums are i32). */
    ThriftCompactWriter i32Element(int v) {
        varint(zigzag(v));
        return this;
    }

    ThriftCompactWriter stringElement(String v) {
        binary(v.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private void header(int id, int type) {
        int delta = id - lastField;
        if (delta > 0 && delta <= 15) {
            out.write(delta << 4 | type);
        } else {
            out.write(type);
            varint(zigzag(id));
        }
        lastField = id;
    }

    private void binary(byte[] b) {
        varint(b.length);
        out.write(b, 0, b.length);
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }
}
