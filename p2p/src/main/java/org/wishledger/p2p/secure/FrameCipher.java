package org.wishledger.p2p.secure;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.wishledger.p2p.frame.ProtocolViolation;

/**
 * One direction of an encrypted link: ChaCha20-Poly1305 with a 96-bit nonce made of 4 zero bytes and
 * a 64-bit little-endian frame counter. The counter only grows, so a (key, nonce) pair is never used
 * twice; when it would wrap the link must end (at 2^64 frames that never happens in practice, but the
 * check is what makes the guarantee unconditional). Not thread-safe: owned by the link's event loop.
 */
public final class FrameCipher {
    public static final int TAG_BYTES = 16;
    private static final long LAST_COUNTER = -1L; // 2^64 - 1 as unsigned: reserved, never used

    private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    private final KeyParameter key;
    private final boolean encrypting;
    private final byte[] nonce = new byte[12];
    private long counter;

    public FrameCipher(byte[] key, boolean encrypting) {
        this.key = new KeyParameter(key);
        this.encrypting = encrypting;
    }

    /** Encrypts {@code len} bytes into {@code out} (which needs {@code len + TAG_BYTES}); returns the count written. */
    public int seal(byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (!encrypting) {
            throw new IllegalStateException("this cipher decrypts");
        }
        start(true);
        int n = aead.processBytes(in, inOff, len, out, outOff);
        try {
            return n + aead.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail authentication", e);
        }
    }

    /**
     * Decrypts and authenticates {@code len} bytes (ciphertext and tag) into {@code out} (which needs
     * {@code len - TAG_BYTES}); returns the plaintext length.
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
        start(false);
        int n = aead.processBytes(in, inOff, len, out, outOff);
        try {
            return n + aead.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new ProtocolViolation("frame " + (counter - 1) + " failed authentication (tampered or replayed)");
        }
    }

    public long framesProcessed() {
        return counter;
    }

    /** For tests of the overflow rule only. */
    void counterForTest(long value) {
        counter = value;
    }

    private void start(boolean forEncryption) {
        if (counter == LAST_COUNTER) {
            throw new ProtocolViolation("frame counter exhausted; the link must be re-established");
        }
        long c = counter++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (8 * i));
        }
        aead.init(forEncryption, new ParametersWithIV(key, nonce));
    }
}
