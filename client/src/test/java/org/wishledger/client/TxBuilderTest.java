package org.wishledger.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Params;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.rules.ChainParams;

class TxBuilderTest {
    private static final KeyPair KEY = KeyPair.fromSeed(ByteBuffer.allocate(32).putInt(0, 99).array());

    private static ChainParams fees(long minFee, long feePerByte) {
        return ChainParams.from(Params.newBuilder().setMinFee(minFee).setFeePerByte(feePerByte).build());
    }

    @Test
    void minimumFeeIsTheSmallestFeeTheRuleAcceptsAcrossVarintBoundaries() throws Exception {
        long seed = 20261127L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 300; i++) {
            // prices spanning varint length changes of the fee field (1..6 bytes)
            ChainParams params = fees(random.nextLong(1, 1L << random.nextInt(1, 40)),
                    random.nextLong(1, 1L << random.nextInt(1, 20)));
            TxBuilder builder = new TxBuilder("c", params);
            String text = "d".repeat(random.nextInt(1, 3000));
            Tx tx = builder.wish(KEY, random.nextLong(0, Long.MAX_VALUE), Wish.newBuilder().setDesired(text).build());
            TxBody body = TxBody.parseFrom(tx.getBodyBytes());
            String ctx = "seed " + seed + " case " + i + " " + params;
            assertTrue(body.getFee() >= params.requiredFee(tx.getSerializedSize()), ctx);
            // one unit less must break the rule, whatever size that tx has
            Tx cheaper = builder.sign(KEY, body.toBuilder(), body.getFee() - 1);
            assertTrue(body.getFee() - 1 < params.requiredFee(cheaper.getSerializedSize()), ctx);
        }
    }

    @Test
    void zeroParamsMeanTheChainDefaultsAsTheRulesSayIt() throws Exception {
        TxBuilder builder = TxBuilder.forGenesis(org.wishledger.ledger.proto.Genesis.newBuilder().setChainId("c").build());
        Tx tx = builder.transfer(KEY, 0, new byte[20], 1);
        assertEquals(ChainParams.DEFAULTS.requiredFee(tx.getSerializedSize()), TxBody.parseFrom(tx.getBodyBytes()).getFee());
    }

    @Test
    void signatureCoversExactlyTheBodyBytes() throws Exception {
        TxBuilder builder = new TxBuilder("chain-x", fees(1000, 10));
        Tx tx = builder.transfer(KEY, 5, new byte[20], 77);
        assertEquals(64, tx.getSignature().size());
        assertTrue(KEY.publicKey().verify(tx.getBodyBytes().toByteArray(), tx.getSignature().toByteArray()));
        TxBody body = TxBody.parseFrom(tx.getBodyBytes());
        assertEquals("chain-x", body.getChainId());
        assertEquals(5, body.getNonce());
        assertArrayEquals(KEY.publicKey().encoded(), body.getSignerPubkey().toByteArray());
        assertEquals(77, body.getTransfer().getAmount());
    }

    @Test
    void explicitFeeIsKeptEvenIfTooLow() throws Exception {
        TxBuilder builder = new TxBuilder("c", fees(1000, 10));
        Tx tx = builder.sign(KEY, builder.body(KEY, 0).setEndorse(
                org.wishledger.ledger.proto.Endorse.newBuilder().setBurn(1)), 3);
        assertEquals(3, TxBody.parseFrom(tx.getBodyBytes()).getFee());
    }

    @Test
    void absurdParamsFailLoudly() {
        TxBuilder builder = new TxBuilder("c", fees(Long.MAX_VALUE - 5, 1));
        assertThrows(ArithmeticException.class, () -> builder.transfer(KEY, 0, new byte[20], 1));
    }
}
