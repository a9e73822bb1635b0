package org.wishledger.testnet.export.parquet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads any Thrift compact-protocol struct into a generic tree (field id to value: Long for every
 * integer, Boolean, byte[], List, Struct), so the Parquet reader needs no generated classes. Unknown
 * fields are kept like the known ones; the caller picks what it needs.
 */
final class ThriftCompactReader {
    /** A decoded struct. */
    static final class Struct {
        private final Map<Integer, Object> fields = new HashMap<>();

        boolean has(int id) {
            return fields.containsKey(id);
        }

        long i64(int id) throws IOException {
            return (Long) need(id);
        }

        int i32(int id) throws IOException {
            return Math.toIntExact(i64(id));
        }

        String string(int id) throws IOException {
            return new String((byte[]) need(id), StandardCharsets.UTF_8);
        }

        Struct struct(int id) throws IOException {
            return (Struct) need(id);
        }

        @SuppressWarnings("unchecked")
        <T> List<T> list(int id) throws IOException {
            return (List<T>) need(id);
        }

        private Object need(int id) throws IOException {
            Object v = fields.get(id);
            if (v == null) {
                throw new IOException("thrift struct lacks required field " + id);
            }
            return v;
        }
    }

    private final byte[] buf;
    private int pos;

    ThriftCompactReader(byte[] buf, int offset) {
        this.buf = buf;
        this.pos = offset;
    }

    /** Where the reader stands: after {@link #readStruct}, the first byte after the struct. */
    int position() {
        return pos;
    }

    Struct readStruct() throws IOException {
        Struct s = new Struct();
        int last = 0;
        while (true) {
            int b = u8();
            if (b == ThriftCompactWriter.STOP) {
                return s;
            }
            int type = b & 0x0F;
            int delta = b >>> 4;
            int id = delta != 0 ? last + delta : (int) unzigzag(varint());
            last = id;
            s.fields.put(id, value(type));
        }
    }

    private Object value(int type) throws IOException {
        return switch (type) {
            case ThriftCompactWriter.TRUE -> Boolean.TRUE;
            case ThriftCompactWriter.FALSE -> Boolean.FALSE;
            case ThriftCompactWriter.BYTE -> (long) (byte) u8();
            case 4, ThriftCompactWriter.I32, ThriftCompactWriter.I64 -> unzigzag(varint());
            case 7 -> {
                pos += 8; // double: not used by the fields read here
                yield 0L;
            }
            case ThriftCompactWriter.BINARY -> {
                int n = Math.toIntExact(varint());
                if (n < 0 || pos + n > buf.length) {
                    throw new IOException("thrift binary of " + n + " bytes runs past the buffer");
                }
                byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
                pos += n;
                yield b;
            }
            case ThriftCompactWriter.LIST, 10 -> {
                int h = u8();
                int size = h >>> 4 == 15 ? Math.toIntExact(varint()) : h >>> 4;
                int elementType = h & 0x0F;
                List<Object> items = new ArrayList<>(Math.min(size, 1024));
                for (int i = 0; i < size; i++) {
                    items.add(elementType == ThriftCompactWriter.TRUE || elementType == ThriftCompactWriter.FALSE
                            ? u8() == ThriftCompactWriter.TRUE : value(elementType));
                }
                yield items;
            }
            case ThriftCompactWriter.STRUCT -> readStruct();
            default -> throw new IOException("thrift compact type " + type + " is not supported");
        };
    }

    private int u8() throws IOException {
        if (pos >= buf.length) {
            throw new IOException("thrift struct runs past the end of its buffer");
        }
        return buf[pos++] & 0xFF;
    }

    private long varint() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("thrift varint longer than 10 bytes");
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
