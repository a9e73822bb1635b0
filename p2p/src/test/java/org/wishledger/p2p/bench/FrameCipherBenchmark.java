package org.wishledger.p2p.bench;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wishledger.p2p.secure.FrameCipher;

/**
 * Per-frame cost of the link's AEAD: Bouncy Castle's pure-Java ChaCha20Poly1305 against the JDK's
 * "ChaCha20-Poly1305" Cipher (SunJCE, with ChaCha20 and Poly1305 intrinsics on x86-64), each re-keyed
 * with a fresh nonce per frame exactly as a link does, plus the production {@link FrameCipher}.
 * Frame sizes: 300 B (one gossiped tx) and 16 KiB (a batch of txs / a block chunk).
 *
 * <p>Opening re-uses one sealed frame and its nonce: decryption has no nonce-reuse check, and the
 * work (tag check, then decryption) is the same as for a fresh frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCipherBenchmark {
    private static final int TAG = 16;

    @Param({"300", "16384"})
    int size;

    private final byte[] keyBytes = new byte[32];
    private final byte[] nonce = new byte[12];
    private final byte[] sealedNonce = new byte[12]; // all zero: the nonce of the frame the open benchmarks open
    private long counter;

    private byte[] plain;
    private byte[] sealed;
    private byte[] out;
    private byte[] opened;

    private final ChaCha20Poly1305 bc = new ChaCha20Poly1305();
    private KeyParameter bcKey;

    private SecretKeySpec jdkKey;
    private Cipher jdkSealer;
    private Cipher jdkOpener;

    private FrameCipher frameSealer;
    private FrameCipher frameOpener;
    private byte[] frameSealed;

    @Setup
    public void setup() throws GeneralSecurityException {
        for (int i = 0; i < keyBytes.length; i++) {
            keyBytes[i] = (byte) (i * 31 + 7);
        }
        plain = new byte[size];
        for (int i = 0; i < size; i++) {
            plain[i] = (byte) i;
        }
        out = new byte[size + TAG];
        opened = new byte[size];
        bcKey = new KeyParameter(keyBytes);
        jdkKey = new SecretKeySpec(keyBytes, "ChaCha20");
        jdkSealer = Cipher.getInstance("ChaCha20-Poly1305");
        jdkOpener = Cipher.getInstance("ChaCha20-Poly1305");

        // One frame sealed under nonce 0 (all-zero nonce), for the open benchmarks.
        sealed = new byte[size + TAG];
        jdkSealer.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(sealedNonce));
        jdkSealer.doFinal(plain, 0, size, sealed, 0);
        counter = 1; // the sealer's next nonce differs from the one just used

        frameSealer = new FrameCipher(keyBytes, true);
        frameOpener = new FrameCipher(keyBytes, false);
        frameSealed = new byte[size + TAG];
    }

    private void nextNonce() {
        long c = counter++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (8 * i));
        }
    }

    @Benchmark
    public int bcSeal() throws InvalidCipherTextException {
        nextNonce();
        bc.init(true, new ParametersWithIV(bcKey, nonce));
        int n = bc.processBytes(plain, 0, size, out, 0);
        return n + bc.doFinal(out, n);
    }

    @Benchmark
    public int bcOpen() throws InvalidCipherTextException {
        bc.init(false, new ParametersWithIV(bcKey, sealedNonce));
        int n = bc.processBytes(sealed, 0, sealed.length, opened, 0);
        return n + bc.doFinal(opened, n);
    }

    @Benchmark
    public int jdkSeal() throws GeneralSecurityException {
        nextNonce();
        jdkSealer.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(nonce));
        return jdkSealer.doFinal(plain, 0, size, out, 0);
    }

    @Benchmark
    public int jdkOpen() throws GeneralSecurityException {
        jdkOpener.init(Cipher.DECRYPT_MODE, jdkKey, new IvParameterSpec(sealedNonce));
        return jdkOpener.doFinal(sealed, 0, sealed.length, opened, 0);
    }

    /** The fixed cost every frame pays on the JDK path: re-keying with a new nonce (Poly1305 key derivation). */
    @Benchmark
    public Cipher jdkInitOnly() throws GeneralSecurityException {
        nextNonce();
        jdkSealer.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(nonce));
        return jdkSealer;
    }

    /** The production class: one frame sealed and opened, the two stay in step (counter n seals, counter n opens). */
    @Benchmark
    public int frameCipherSealAndOpen() {
        int n = frameSealer.seal(plain, 0, size, frameSealed, 0);
        return frameOpener.open(frameSealed, 0, n, opened, 0);
    }
}
