package org.wishledger.p2p.secure;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.wishledger.client.wire.ProtocolViolation;

/**
 * One direction of an encrypted link: ChaCha20-Poly1305 (RFC 8439, no associated data) with a 96-bit
 * nonce made of 4 zero bytes and a 64-bit little-endian frame counter. The counter only grows, so a
 * (key, nonce) pair is never used twice; when it would wrap the link must end (at 2^64 frames that
 * never happens in practice, but the check is what makes the guarantee unconditional). Not
 * thread-safe: owned by the link's event loop.
 *
 * <p>The AEAD is the JDK's own (SunJCE "ChaCha20-Poly1305"), not Bouncy Castle's: HotSpot has
 * ChaCha20 and Poly1305 intrinsics for it on x86-64 and aarch64, which makes it 2-3x faster on small
 * frames and over 10x on large ones (docs/benchmarks-p2p.md). One Cipher per direction is re-keyed
 * with the next nonce for every frame; the JDK refuses an encryption re-init with the previous
 * (key, nonce), which the strictly increasing counter never asks for.
 */
public final class FrameCipher {
    public static final int TAG_BYTES = 16;
    public static final int KEY_BYTES = 32;
    private static final String ALGORITHM = "ChaCha20-Poly1305";
    private static final long LAST_COUNTER = -1L; // 2^64 - 1 as unsigned: reserved, never used

    private final Cipher aead;
    private final SecretKeySpec key;
    private final boolean encrypting;
    private final byte[] nonce = new byte[12];
    private long counter;

    public FrameCipher(byte[] key, boolean encrypting) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a frame key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "ChaCha20");
        this.encrypting = encrypting;
        try {
            this.aead = Cipher.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM + " cipher (Java 11+ always does)", e);
        }
    }

    /** Encrypts {@code len} bytes into {@code out} (which needs {@code len + TAG_BYTES}); returns the count written. */
    public int seal(byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (!encrypting) {
            throw new IllegalStateException("this cipher decrypts");
        }
        start(Cipher.ENCRYPT_MODE);
        try {
            return aead.doFinal(in, inOff, len, out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output has room for " + (out.length - outOff)
                    + " bytes; a sealed frame of " + len + " needs " + (len + TAG_BYTES), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption cannot fail authentication", e);
        }
    }

    /**
     * Decrypts and authenticates {@code len} bytes (ciphertext and tag) into {@code out} (which needs
     * {@code len - TAG_BYTES}); returns the plaintext length. Nothing is written to {@code out} unless
     * the tag is valid.
     *
     * @throws ProtocolViolation if the frame is too short or fails authentication
     */
    public int open(byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (encrypting) {
            throw new IllegalStateException("this cipher encrypts");
        }
        if (len < TAG_BYTES) {
            throw new ProtocolViolation("encrypted frame of " + len + " bytes is shorter than its tag");
        }
        start(Cipher.DECRYPT_MODE);
        try {
            return aead.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new ProtocolViolation("frame " + (counter - 1) + " failed authentication (tampered or replayed)");
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output has room for " + (out.length - outOff)
                    + " bytes; a frame of " + len + " opens to " + (len - TAG_BYTES), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed other than by authentication", e);
        }
    }

    public long framesProcessed() {
        return counter;
    }

    /** For tests of the overflow rule only. */
    void counterForTest(long value) {
        counter = value;
    }

    private void start(int mode) {
        if (counter == LAST_COUNTER) {
            throw new ProtocolViolation("frame counter exhausted; the link must be re-established");
        }
        long c = counter++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (8 * i));
        }
        try {
            aead.init(mode, key, new IvParameterSpec(nonce));
        } catch (InvalidKeyException e) {
            // Only a repeated (key, nonce) for encryption lands here, which the counter rules out.
            throw new IllegalStateException("the JDK refused frame " + c + "'s nonce", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise " + ALGORITHM, e);
        }
    }
}
