package org.wishledger.consensus.privval;

import org.wishledger.ledger.crypto.KeyPair;

/** Signs sign bytes with a validator's key. The simulator substitutes a cheap keyed hash. */
public interface MessageSigner {
    byte[] sign(byte[] message);

    /** The 20-byte validator address of the key. */
    byte[] address();

    static MessageSigner ed25519(KeyPair key) {
        return new MessageSigner() {
            @Override
            public byte[] sign(byte[] message) {
                return key.sign(message);
            }

            @Override
            public byte[] address() {
                return key.address();
            }
        };
    }
}
