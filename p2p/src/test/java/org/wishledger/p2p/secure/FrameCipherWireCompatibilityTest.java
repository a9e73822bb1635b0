package org.wishledger.p2p.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.wishledger.client.wire.ProtocolViolation;

/**
 * The wire format of a link frame must not depend on which ChaCha20-Poly1305 implementation a node
 * runs: nodes built before the switch to the JDK's AEAD used Bouncy Castle's. Bouncy Castle is the
 * independent reference here, with the nonce (4 zero bytes || 64-bit little-endian counter) built by
 * the test itself, not by FrameCipher.
 */
class FrameCipherWireCompatibilityTest {
    private static final long SEED = 84391127L;
    private static final int[] SIZES = {0, 1, 15, 16, 17, 63, 64, 65, 299, 300, 1024, 16 * 1024, 64 * 1024 + 3};

    private static byte[] referenceNonce(long counter) {
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putLong(counter).array();
    }

    private static byte[] referenceSeal(byte[] key, long counter, byte[] plain) throws InvalidCipherTextException {
        ChaCha20Poly1305 bc = new ChaCha20Poly1305();
        bc.init(true, new ParametersWithIV(new KeyParameter(key), referenceNonce(counter)));
        byte[] out = new byte[plain.length + FrameCipher.TAG_BYTES];
        int n = bc.processBytes(plain, 0, plain.length, out, 0);
        n += bc.doFinal(out, n);
        assertEquals(out.length, n);
        return out;
    }

    private static byte[] referenceOpen(byte[] key, long counter, byte[] sealed) throws InvalidCipherTextException {
        ChaCha20Poly1305 bc = new ChaCha20Poly1305();
        bc.init(false, new ParametersWithIV(new KeyParameter(key), referenceNonce(counter)));
        byte[] out = new byte[sealed.length - FrameCipher.TAG_BYTES];
        int n = bc.processBytes(sealed, 0, sealed.length, out, 0);
        n += bc.doFinal(out, n);
        assertEquals(out.length, n);
        return out;
    }

    private static byte[] randomKey(Random random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    @Test
    void framesSealedByTheJdkAeadAreByteIdenticalToBouncyCastlesAndOpenWithIt() throws Exception {
        Random random = new Random(SEED);
        byte[] key = randomKey(random);
        FrameCipher sealer = new FrameCipher(key, true);
        long counter = 0;
        for (int round = 0; round < 3; round++) {
            for (int size : SIZES) {
                byte[] plain = new byte[size];
                random.nextBytes(plain);
                // Seal at an offset into a larger array, as the Netty codec does with pooled buffers.
                byte[] in = new byte[size + 7];
                System.arraycopy(plain, 0, in, 5, size);
                byte[] out = new byte[size + FrameCipher.TAG_BYTES + 9];
                assertEquals(size + FrameCipher.TAG_BYTES, sealer.seal(in, 5, size, out, 3));
                byte[] sealed = Arrays.copyOfRange(out, 3, 3 + size + FrameCipher.TAG_BYTES);

                String where = "frame " + counter + " of " + size + " bytes, seed " + SEED;
                assertArrayEquals(referenceSeal(key, counter, plain), sealed, where);
                assertArrayEquals(plain, referenceOpen(key, counter, sealed), where);
                counter++;
            }
        }
        assertEquals(counter, sealer.framesProcessed());
    }

    @Test
    void framesSealedByBouncyCastleOpenWithTheJdkAead() throws Exception {
        Random random = new Random(SEED + 1);
        byte[] key = randomKey(random);
        FrameCipher opener = new FrameCipher(key, false);
        long counter = 0;
        for (int round = 0; round < 3; round++) {
            for (int size : SIZES) {
                byte[] plain = new byte[size];
                random.nextBytes(plain);
                byte[] sealed = referenceSeal(key, counter, plain);
                byte[] in = new byte[sealed.length + 11];
                System.arraycopy(sealed, 0, in, 11, sealed.length);
                byte[] out = new byte[size + 4];
                assertEquals(size, opener.open(in, 11, sealed.length, out, 4),
                        "frame " + counter + ", seed " + SEED);
                assertArrayEquals(plain, Arrays.copyOfRange(out, 4, 4 + size), "frame " + counter + ", seed " + SEED);
                counter++;
            }
        }
    }

    /** The counter's bytes land little-endian after 4 zero bytes, across the whole 64-bit range. */
    @Test
    void theNonceLayoutMatchesTheReferenceAtLargeCounters() throws Exception {
        Random random = new Random(SEED + 2);
        byte[] key = randomKey(random);
        byte[] plain = "a frame".getBytes(StandardCharsets.US_ASCII);
        for (long counter : new long[] {0xFFL, 0x100L, 0x0102030405060708L, Long.MAX_VALUE, Long.MIN_VALUE, -2L}) {
            FrameCipher sealer = new FrameCipher(key, true);
            sealer.counterForTest(counter);
            byte[] sealed = new byte[plain.length + FrameCipher.TAG_BYTES];
            sealer.seal(plain, 0, plain.length, sealed, 0);
            assertArrayEquals(referenceSeal(key, counter, plain), sealed, "counter " + Long.toHexString(counter));

            FrameCipher opener = new FrameCipher(key, false);
            opener.counterForTest(counter);
            byte[] opened = new byte[plain.length];
            opener.open(referenceSeal(key, counter, plain), 0, sealed.length, opened, 0);
            assertArrayEquals(plain, opened, "counter " + Long.toHexString(counter));
        }
    }

    /** A frame the reference tampered with, or sealed under another counter, is a ProtocolViolation. */
    @Test
    void anyTamperedBitIsAProtocolViolationAndReleasesNoPlaintext() throws Exception {
        Random random = new Random(SEED + 3);
        byte[] key = randomKey(random);
        byte[] plain = new byte[300];
        random.nextBytes(plain);
        byte[] sealed = referenceSeal(key, 0, plain);
        for (int bit = 0; bit < sealed.length * 8; bit += 37) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] out = new byte[plain.length];
            FrameCipher opener = new FrameCipher(key, false);
            assertThrows(ProtocolViolation.class, () -> opener.open(tampered, 0, tampered.length, out, 0),
                    "bit " + bit + ", seed " + SEED);
            assertArrayEquals(new byte[plain.length], out, "nothing is decrypted before the tag checks out");
        }
        FrameCipher opener = new FrameCipher(key, false);
        byte[] nextFrame = referenceSeal(key, 1, plain);
        assertThrows(ProtocolViolation.class,
                () -> opener.open(nextFrame, 0, nextFrame.length, new byte[plain.length], 0), "skipped frame");
        FrameCipher lastTwoBytesCut = new FrameCipher(key, false);
        assertThrows(ProtocolViolation.class,
                () -> lastTwoBytesCut.open(sealed, 0, sealed.length - 2, new byte[plain.length], 0), "truncated");
    }

    @Test
    void keysOtherThan32BytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FrameCipher(new byte[16], true));
        assertThrows(IllegalArgumentException.class, () -> new FrameCipher(new byte[33], false));
    }

    /** RFC 8439 section 2.8.2 through the JDK cipher exactly as FrameCipher sets it up (with the vector's AAD). */
    @Test
    void theJdkAeadReproducesRfc8439Section282() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] key = hex.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = hex.parseHex("070000004041424344454647");
        byte[] aad = hex.parseHex("50515253c0c1c2c3c4c5c6c7");
        byte[] plain = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        byte[] expected = hex.parseHex(
                "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                        + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                        + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                        + "3ff4def08e4b7a9de576d26586cec64b6116"
                        + "1ae10b594f09e26a7e902ecbd0600691"); // ciphertext || tag

        Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        jdk.updateAAD(aad);
        assertArrayEquals(expected, jdk.doFinal(plain));

        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        jdk.updateAAD(aad);
        assertArrayEquals(plain, jdk.doFinal(expected));

        // The reference agrees with the RFC too, so the compatibility tests above compare against a known-good AEAD.
        ChaCha20Poly1305 bc = new ChaCha20Poly1305();
        bc.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        bc.processAADBytes(aad, 0, aad.length);
        byte[] out = new byte[expected.length];
        int n = bc.processBytes(plain, 0, plain.length, out, 0);
        bc.doFinal(out, n);
        assertArrayEquals(expected, out);
    }
}
