package org.wishledger.client;

import com.google.protobuf.ByteString;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.Endorse;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Transfer;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.rules.ChainParams;

/**
 * Builds and signs transactions for one chain: the signature covers exactly the serialized TxBody,
 * and the fee is the minimum the chain's fee rule ({@link ChainParams#requiredFee}) accepts unless the
 * caller names one. The fee is itself inside the tx, so a larger fee can make the tx one varint byte
 * longer; {@link #minimumFee} iterates to the fixed point.
 */
public final class TxBuilder {
    /** Placeholder of the real signature's length, to size the tx before signing it. */
    private static final ByteString SIGNATURE_SIZED = ByteString.copyFrom(new byte[PublicKey.SIGNATURE_LENGTH]);

    private final String chainId;
    private final ChainParams params;

    public TxBuilder(String chainId, ChainParams params) {
        this.chainId = chainId;
        this.params = params;
    }

    /** For the chain of this genesis (params with 0 = "default" resolved as the rules resolve them). */
    public static TxBuilder forGenesis(Genesis genesis) {
        return new TxBuilder(genesis.getChainId(), ChainParams.from(genesis.getParams()));
    }

    public String chainId() {
        return chainId;
    }

    public ChainParams params() {
        return params;
    }

    public Tx wish(KeyPair key, long nonce, Wish wish) {
        return sign(key, body(key, nonce).setWish(wish), -1);
    }

    public Tx endorse(KeyPair key, long nonce, byte[] wishId, long burn) {
        return sign(key, body(key, nonce).setEndorse(Endorse.newBuilder()
                .setWishId(ByteString.copyFrom(wishId)).setBurn(burn)), -1);
    }

    public Tx transfer(KeyPair key, long nonce, byte[] to, long amount) {
        return sign(key, body(key, nonce).setTransfer(Transfer.newBuilder()
                .setTo(ByteString.copyFrom(to)).setAmount(amount)), -1);
    }

    /**
     * Signs {@code body} (chain id, signer and nonce already set). {@code fee < 0} means "the minimum
     * the fee rule accepts for this tx"; otherwise that exact fee is used, even if too low (the node then
     * answers FEE_TOO_LOW, which is what a user who typed --fee asked for).
     */
    public Tx sign(KeyPair key, TxBody.Builder body, long fee) {
        body.setFee(fee >= 0 ? fee : minimumFee(body));
        ByteString bodyBytes = body.build().toByteString();
        return Tx.newBuilder()
                .setBodyBytes(bodyBytes)
                .setSignature(ByteString.copyFrom(key.sign(bodyBytes.toByteArray())))
                .build();
    }

    public TxBody.Builder body(KeyPair key, long nonce) {
        return TxBody.newBuilder()
                .setChainId(chainId)
                .setSignerPubkey(ByteString.copyFrom(key.publicKey().encoded()))
                .setNonce(nonce);
    }

    /**
     * Smallest fee f with f >= requiredFee(size of the tx carrying f). Sizes only grow with f, so this ends.
     *
     * @throws ArithmeticException when no fee below 2^63 satisfies the rule (absurd params)
     */
    long minimumFee(TxBody.Builder body) {
        long fee = params.minFee();
        while (true) {
            body.setFee(fee);
            int size = Tx.newBuilder().setBodyBytes(body.build().toByteString())
                    .setSignature(SIGNATURE_SIZED).build().getSerializedSize();
            long required = params.requiredFee(size);
            if (required < 0) {
                throw new ArithmeticException("the fee rule asks more than 2^63 units for a " + size + "-byte tx");
            }
            if (fee >= required) {
                return fee;
            }
            fee = required;
        }
    }
}
