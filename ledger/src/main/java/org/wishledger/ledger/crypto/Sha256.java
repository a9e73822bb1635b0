package org.wishledger.ledger.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 with a per-thread digest, so hashing on hot paths allocates only the 32-byte result. */
public final class Sha256 {
    public static final int LENGTH = 32;

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    });

    private Sha256() {
    }

    /** A fresh SHA-256 digest for callers that hash several parts in one go. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    public static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static byte[] hash(byte[] data, int offset, int length) {
        MessageDigest digest = DIGEST.get();
        digest.update(data, offset, length);
        return digest.digest();
    }

    /** Hash of the remaining bytes of {@code data} (its position is left unchanged). */
    public static byte[] hash(java.nio.ByteBuffer data) {
        MessageDigest digest = DIGEST.get();
        digest.update(data.duplicate());
        return digest.digest();
    }

    /** Hash of prefix || a || b without concatenating into a temporary array. */
    public static byte[] hash(byte prefix, byte[] a, byte[] b) {
        MessageDigest digest = DIGEST.get();
        digest.update(prefix);
        digest.update(a);
        if (b != null) {
            digest.update(b);
        }
        return digest.digest();
    }
}
