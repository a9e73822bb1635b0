package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.wishledger.consensus.Validator;
import org.wishledger.consensus.commit.SignatureVerifier;
import org.wishledger.consensus.privval.MessageSigner;
import org.wishledger.ledger.crypto.Sha256;

/**
 * Cheap stand-in signatures for the simulator: SHA-256(secret || message) with a secret per validator
 * derived from its address. Ed25519 would make a 10,000-run batch take hours; what the simulator tests
 * (who signs what, the sign-state guard, commit checks) does not depend on the signature scheme.
 */
final class SimSignatures implements SignatureVerifier {
    private final byte[] salt;

    SimSignatures(long seed) {
        salt = ByteString.copyFromUtf8("sim-secret-" + seed).toByteArray();
    }

    byte[] sign(ByteString address, byte[] message) {
        byte[] secret = Sha256.hash((byte) 7, salt, address.toByteArray());
        return Sha256.hash((byte) 9, secret, message);
    }

    @Override
    public boolean verify(Validator validator, byte[] message, byte[] signature) {
        return Arrays.equals(sign(validator.address(), message), signature);
    }

    boolean verify(ByteString address, byte[] message, ByteString signature) {
        return Arrays.equals(sign(address, message), signature.toByteArray());
    }

    MessageSigner signer(ByteString address) {
        return new MessageSigner() {
            @Override
            public byte[] sign(byte[] message) {
                return SimSignatures.this.sign(address, message);
            }

            @Override
            public byte[] address() {
                return address.toByteArray();
            }
        };
    }
}
