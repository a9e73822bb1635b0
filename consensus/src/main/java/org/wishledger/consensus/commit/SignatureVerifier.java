package org.wishledger.consensus.commit;

import org.wishledger.consensus.Validator;

/**
 * Checks one validator's signature. Production uses {@link #ED25519}; the simulator plugs in a cheap
 * keyed hash so that thousands of runs stay fast (the commit logic around it is the same code).
 */
@FunctionalInterface
public interface SignatureVerifier {
    SignatureVerifier ED25519 = (validator, message, signature) -> validator.publicKey().verify(message, signature);

    boolean verify(Validator validator, byte[] message, byte[] signature);
}
