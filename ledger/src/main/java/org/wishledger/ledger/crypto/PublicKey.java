package org.wishledger.ledger.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A decoded Ed25519 public key. Decoding (point decompression) is a large share of a verify, so a
 * PublicKey is meant to be kept and reused, e.g. in a cache keyed by the raw bytes.
 *
 * <p>The signature rule ({@link #verify}) is Bouncy Castle's: S canonical, R a canonical point
 * encoding, A not of small order, and the cofactored equation [8](R + [k]A - [S]B) = 0. Being
 * cofactored is what lets batch verification ({@link SignatureBatch}) give exactly the same answer as
 * verifying one by one; docs/ledger.md explains it.
 */
public final class PublicKey {
    public static final int LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;
    public static final int SIGNATURE_LENGTH = Ed25519PublicKeyParameters.KEY_SIZE * 2;

    private final byte[] encoded;
    private final byte[] address;
    private final Ed25519PublicKeyParameters params;
    /** The same point for {@link SignatureBatch}; never modified after construction. */
    private final EdwardsPoint point = new EdwardsPoint();

    private PublicKey(byte[] encoded) {
        this.encoded = encoded.clone();
        this.address = Address.of(encoded);
        this.params = new Ed25519PublicKeyParameters(encoded, 0);
        if (!new EdwardsArithmetic().decode(encoded, 0, point)) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
        }
    }

    /** @throws IllegalArgumentException when the bytes are not 32 bytes or not a valid curve point */
    public static PublicKey decode(byte[] encoded) {
        if (encoded == null || encoded.length != LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key must be " + LENGTH + " bytes");
        }
        if (!Ed25519.validatePublicKeyPartial(encoded, 0)) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
        }
        return new PublicKey(encoded);
    }

    public boolean verify(byte[] message, byte[] signature) {
        return verify(message, 0, message.length, signature);
    }

    public boolean verify(byte[] message, int offset, int length, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        // Straight to the parameters' verify: Ed25519Signer would first copy the message into its own
        // buffer. The parameters keep the decoded point, so nothing is decompressed again.
        return params.verify(Ed25519.Algorithm.Ed25519, null, message, offset, length, signature, 0);
    }

    /** The decoded point; package-private and read-only by contract. */
    EdwardsPoint point() {
        return point;
    }

    /** The 32 encoded bytes without a copy; package-private and read-only by contract. */
    byte[] encodedUnsafe() {
        return encoded;
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    public byte[] address() {
        return address.clone();
    }

    public String addressHex() {
        return Hex.encode(address);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "PublicKey[" + Hex.encode(encoded) + "]";
    }
}
