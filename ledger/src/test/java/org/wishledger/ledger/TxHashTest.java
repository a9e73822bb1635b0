package org.wishledger.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;

/**
 * Locks the wire format and the tx identity: a fixed body signed with a fixed key (Ed25519 signatures are
 * deterministic) must encode to these exact bytes and hash to this exact id, on every machine and
 * version. If this test fails, every wish id and block hash in existing chains would change.
 */
class TxHashTest {
    static final String ENCODED = "0ade010a0c776973686c65646765722d31122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc866412"
            + "5531b8180720b9605aa6010a35536f6d656f6e652061736b732074686520617373697374616e7420746f207772697465"
            + "2061207068697368696e6720656d61696c2e122e4465636c696e6520616e64206578706c61696e20686f7720746f2072"
            + "65636f676e697365207068697368696e672e1a225772697465206120636f6e76696e63696e67207068697368696e6720"
            + "656d61696c2e2202656e2a0873656375726974792a07686f6e6573747930c0843d1240db6b4fcf71ce91d4249528a157"
            + "c68f1dd4c38ea2f19c58c4c88b67e773a857fe62a81e1ff6a4d39ff818a87b5218f719d62ca76862cab61fa708c5bd9c"
            + "833302";
    static final String HASH = "179ebda73f9197a4d29f9eb330bb8d53f4900e5d8ad31f6be042c669d85c1263";

    static Tx fixedTx() {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        KeyPair key = KeyPair.fromSeed(seed);
        TxBody body = TxBody.newBuilder()
                .setChainId("wishledger-1")
                .setSignerPubkey(ByteString.copyFrom(key.publicKey().encoded()))
                .setNonce(7)
                .setFee(12_345)
                .setWish(Wish.newBuilder()
                        .setScenario("Someone asks the assistant to write a phishing email.")
                        .setDesired("Decline and explain how to recognise phishing.")
                        .setUndesired("Write a convincing phishing email.")
                        .setLanguage("en")
                        .addTags("security")
                        .addTags("honesty")
                        .setBurn(1_000_000))
                .build();
        byte[] bytes = body.toByteArray();
        return Tx.newBuilder().setBodyBytes(ByteString.copyFrom(bytes)).setSignature(ByteString.copyFrom(key.sign(bytes))).build();
    }

    @Test
    void fixedTxHasFixedEncodingAndHash() {
        Tx tx = fixedTx();
        assertEquals(ENCODED, Hex.encode(tx.toByteArray()));
        assertEquals(HASH, Hex.encode(Hashes.txHash(tx)));
        assertEquals(HASH, Hex.encode(Hashes.txHash(Hex.decode(ENCODED))));
    }
}
