package org.wishledger.ledger;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.wishledger.ledger.crypto.Hex;

/**
 * An immutable byte string with value equality and unsigned lexicographic order: the key type for
 * hash maps and sorted maps of addresses, tx hashes and wish ids (a raw byte[] has identity equality,
 * and ByteBuffer equality changes with its position).
 */
public final class ByteKey implements Comparable<ByteKey> {
    private final byte[] bytes;
    private final int hash;

    private ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Copies the bytes, so later changes to the array do not change the key. */
    public static ByteKey copyOf(byte[] bytes) {
        return new ByteKey(bytes.clone());
    }

    /** Takes ownership of the array: the caller promises never to modify it again. */
    public static ByteKey wrap(byte[] bytes) {
        return new ByteKey(bytes);
    }

    /** Copies the remaining bytes of the buffer without changing its position. */
    public static ByteKey copyOf(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return new ByteKey(b);
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The bytes themselves, for read-only use on hot paths; callers must not modify them. */
    public byte[] unsafeBytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(ByteKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return Hex.encode(bytes);
    }
}
