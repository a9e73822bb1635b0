package org.wishledger.p2p.secure;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.wishledger.client.wire.ProtocolViolation;

/**
 * The key schedule of a peer link (station-to-station, as CometBFT's SecretConnection), pure and
 * I/O-free:
 * <ol>
 * <li>both sides send an ephemeral X25519 public key;</li>
 * <li>shared = X25519(our ephemeral secret, their ephemeral key); an all-zero result (a low-order
 *     point) is refused;</li>
 * <li>transcript = SHA-256(label || lo || hi) with the two ephemeral keys sorted, so both sides
 *     compute the same value without knowing who dialed;</li>
 * <li>HKDF-SHA256(ikm = shared, salt = transcript, info = label) gives 96 bytes: the key for frames
 *     from lo to hi, the key for frames from hi to lo, and the 32-byte challenge each side signs with
 *     its long-term Ed25519 node key.</li>
 * </ol>
 * The challenge depends on the DH secret, so a man in the middle (who runs two different DH
 * exchanges) cannot forward a signature from one side to the other.
 */
public final class SessionKeys {
    public static final int KEY_BYTES = 32;
    static final byte[] LABEL = "wishledger/p2p/secret-connection/v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] sendKey;
    private final byte[] receiveKey;
    private final byte[] challenge;

    private SessionKeys(byte[] sendKey, byte[] receiveKey, byte[] challenge) {
        this.sendKey = sendKey;
        this.receiveKey = receiveKey;
        this.challenge = challenge;
    }

    /** A fresh ephemeral X25519 secret; used for one handshake and then dropped. */
    public static X25519PrivateKeyParameters newEphemeral() {
        return new X25519PrivateKeyParameters(RANDOM);
    }

    /** @throws ProtocolViolation if their key is malformed, a reflection of ours, or of low order */
    public static SessionKeys derive(X25519PrivateKeyParameters ours, byte[] theirPublic) {
        byte[] ourPublic = ours.generatePublicKey().getEncoded();
        if (theirPublic.length != X25519PublicKeyParameters.KEY_SIZE) {
            throw new ProtocolViolation("ephemeral key must be " + KEY_BYTES + " bytes, got " + theirPublic.length);
        }
        if (Arrays.equals(ourPublic, theirPublic)) {
            throw new ProtocolViolation("peer reflected our ephemeral key");
        }
        byte[] shared = new byte[X25519PrivateKeyParameters.SECRET_SIZE];
        try {
            ours.generateSecret(new X25519PublicKeyParameters(theirPublic, 0), shared, 0);
        } catch (IllegalStateException lowOrderPoint) {
            throw new ProtocolViolation("ephemeral key is a low-order point");
        }
        boolean weAreLo = Arrays.compareUnsigned(ourPublic, theirPublic) < 0;
        byte[] lo = weAreLo ? ourPublic : theirPublic;
        byte[] hi = weAreLo ? theirPublic : ourPublic;

        SHA256Digest transcript = new SHA256Digest();
        transcript.update(LABEL, 0, LABEL.length);
        transcript.update(lo, 0, lo.length);
        transcript.update(hi, 0, hi.length);
        byte[] transcriptHash = new byte[transcript.getDigestSize()];
        transcript.doFinal(transcriptHash, 0);

        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(shared, transcriptHash, LABEL));
        byte[] okm = new byte[3 * KEY_BYTES];
        hkdf.generateBytes(okm, 0, okm.length);
        Arrays.fill(shared, (byte) 0);

        byte[] loToHi = Arrays.copyOfRange(okm, 0, KEY_BYTES);
        byte[] hiToLo = Arrays.copyOfRange(okm, KEY_BYTES, 2 * KEY_BYTES);
        byte[] challenge = Arrays.copyOfRange(okm, 2 * KEY_BYTES, 3 * KEY_BYTES);
        Arrays.fill(okm, (byte) 0);
        return weAreLo ? new SessionKeys(loToHi, hiToLo, challenge) : new SessionKeys(hiToLo, loToHi, challenge);
    }

    public byte[] sendKey() {
        return sendKey;
    }

    public byte[] receiveKey() {
        return receiveKey;
    }

    public byte[] challenge() {
        return challenge.clone();
    }

    /** The exact bytes a node signs to prove it owns its node key in this session. */
    public byte[] authSignBytes() {
        byte[] prefix = AUTH_PREFIX;
        byte[] out = Arrays.copyOf(prefix, prefix.length + challenge.length);
        System.arraycopy(challenge, 0, out, prefix.length, challenge.length);
        return out;
    }

    // Domain separation: the node key may also be a validator key; 'w' (0x77) starts an invalid
    // protobuf tag (wire type 7), so these bytes can never be mistaken for a tx body or a vote.
    private static final byte[] AUTH_PREFIX = "wishledger/p2p/auth/v1".getBytes(StandardCharsets.US_ASCII);
}
