package org.wishledger.p2p.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wishledger.client.wire.ProtocolViolation;

class FrameCipherTest {
    private static final long SEED = 20261127L;

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private static byte[] seal(FrameCipher sealer, byte[] plain) {
        byte[] out = new byte[plain.length + FrameCipher.TAG_BYTES];
        assertEquals(out.length, sealer.seal(plain, 0, plain.length, out, 0));
        return out;
    }

    private static byte[] open(FrameCipher opener, byte[] sealed) {
        byte[] out = new byte[sealed.length - FrameCipher.TAG_BYTES];
        assertEquals(out.length, opener.open(sealed, 0, sealed.length, out, 0));
        return out;
    }

    @Test
    void roundTripsManyFramesAndNeverRepeatsAKeystream() {
        Random random = new Random(SEED);
        FrameCipher sealer = new FrameCipher(key(7), true);
        FrameCipher opener = new FrameCipher(key(7), false);
        byte[] same = new byte[300];
        byte[] previous = null;
        for (int i = 0; i < 1000; i++) {
            byte[] plain = i % 2 == 0 ? same : new byte[random.nextInt(2000)];
            if (i % 2 == 1) {
                random.nextBytes(plain);
            }
            byte[] sealed = seal(sealer, plain);
            if (i % 2 == 0) {
                if (previous != null) {
                    assertFalse(Arrays.equals(previous, sealed), "same plaintext, new nonce, new ciphertext");
                }
                previous = sealed;
            }
            assertArrayEquals(plain, open(opener, sealed), "frame " + i + " seed " + SEED);
        }
        assertEquals(1000, sealer.framesProcessed());
    }

    @Test
    void tamperedReplayedOrReorderedFramesFailAuthentication() {
        FrameCipher sealer = new FrameCipher(key(1), true);
        byte[] f0 = seal(sealer, "first".getBytes());
        byte[] f1 = seal(sealer, "second".getBytes());

        byte[] tampered = f0.clone();
        tampered[2] ^= 1;
        assertThrows(ProtocolViolation.class, () -> open(new FrameCipher(key(1), false), tampered));
        assertThrows(ProtocolViolation.class, () -> open(new FrameCipher(key(1), false), f1), "out of order");

        FrameCipher opener = new FrameCipher(key(1), false);
        open(opener, f0);
        assertThrows(ProtocolViolation.class, () -> open(opener, f0), "replayed");
        assertThrows(ProtocolViolation.class, () -> open(new FrameCipher(key(2), false), f0), "wrong key");
        assertThrows(ProtocolViolation.class,
                () -> new FrameCipher(key(1), false).open(new byte[15], 0, 15, new byte[0], 0), "shorter than a tag");
    }

    @Test
    void theCounterNeverWraps() {
        FrameCipher sealer = new FrameCipher(key(3), true);
        FrameCipher opener = new FrameCipher(key(3), false);
        sealer.counterForTest(-3L); // 2^64 - 3
        opener.counterForTest(-3L);
        assertArrayEquals("a".getBytes(), open(opener, seal(sealer, "a".getBytes())));
        assertArrayEquals("b".getBytes(), open(opener, seal(sealer, "b".getBytes())));
        ProtocolViolation exhausted = assertThrows(ProtocolViolation.class, () -> seal(sealer, "c".getBytes()));
        assertEquals("frame counter exhausted; the link must be re-established", exhausted.getMessage());
    }
}
