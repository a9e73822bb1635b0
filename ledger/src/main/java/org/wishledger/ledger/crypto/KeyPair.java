package org.wishledger.ledger.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 signing key (Bouncy Castle) and its public key. */
public final class KeyPair {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters privateKey;
    private final PublicKey publicKey;

    private KeyPair(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = PublicKey.decode(privateKey.generatePublicKey().getEncoded());
    }

    public static KeyPair generate() {
        return new KeyPair(new Ed25519PrivateKeyParameters(RANDOM));
    }

    /** Deterministic key from a 32-byte seed (RFC 8032 "private key"); tests derive keys this way. */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        return new KeyPair(new Ed25519PrivateKeyParameters(seed, 0));
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public byte[] address() {
        return publicKey.address();
    }

    public byte[] seed() {
        return privateKey.getEncoded();
    }
}
