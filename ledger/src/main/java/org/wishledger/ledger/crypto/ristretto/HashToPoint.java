package org.wishledger.ledger.crypto.ristretto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.wishledger.ledger.crypto.EdwardsPoint;

/**
 * Points nobody knows a discrete log of: SHA-512 over a domain tag and the inputs, then ristretto255's
 * one-way map (RFC 9496 section 4.3.4). The domain tag is length-prefixed and so is every input, so no
 * two different (domain, inputs) lists hash the same bytes.
 */
public final class HashToPoint {
    private HashToPoint() {
    }

    public static void hash(Ristretto255 group, String domain, byte[][] inputs, EdwardsPoint r) {
        group.fromUniformBytes(digest(domain, inputs), 0, r);
    }

    /** SHA-512(len(domain) || domain || for each input: len || input), lengths as 4-byte big-endian. */
    public static byte[] digest(String domain, byte[][] inputs) {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-512", e);
        }
        byte[] tag = domain.getBytes(StandardCharsets.UTF_8);
        updateLength(sha512, tag.length);
        sha512.update(tag);
        for (byte[] input : inputs) {
            updateLength(sha512, input.length);
            sha512.update(input);
        }
        return sha512.digest();
    }

    private static void updateLength(MessageDigest digest, int length) {
        digest.update((byte) (length >>> 24));
        digest.update((byte) (length >>> 16));
        digest.update((byte) (length >>> 8));
        digest.update((byte) length);
    }
}
