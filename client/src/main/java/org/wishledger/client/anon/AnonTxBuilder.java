package org.wishledger.client.anon;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.Random;
import java.util.function.LongFunction;
import org.wishledger.client.TxBuilder;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.anon.TriptychGenerators;
import org.wishledger.ledger.anon.TriptychParams;
import org.wishledger.ledger.anon.TriptychProver;
import org.wishledger.ledger.anon.TriptychStatement;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.AnonEndorse;
import org.wishledger.ledger.proto.AnonNote;
import org.wishledger.ledger.proto.AnonWish;
import org.wishledger.ledger.proto.NoteDeposit;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.rules.AnonParams;

/**
 * Builds the txs of anonymous wishes (docs/privacy.md): a signed {@code NoteDeposit}, and unsigned
 * {@code AnonWish}/{@code AnonEndorse} whose "signature" is a Triptych proof over the note's sealed
 * bucket. A spend pays the minimum fee (size-based plus the verification surcharge) and burns exactly
 * the rest of the note's value. Not thread-safe (owns a prover).
 */
public final class AnonTxBuilder {
    private static final int PROOF_LENGTH = TriptychParams.LEDGER.proofLength();
    private static final TriptychGenerators GENERATORS = new TriptychGenerators(TriptychParams.LEDGER);

    private final TxBuilder signed;
    private final AnonParams anon;
    private final AnonKeys keys = new AnonKeys(GENERATORS);
    private final TriptychProver prover = new TriptychProver(GENERATORS);

    public AnonTxBuilder(TxBuilder signed, AnonParams anon) {
        this.signed = signed;
        this.anon = anon;
    }

    public AnonKeys keys() {
        return keys;
    }

    /** Deposits the note of {@code secret}: moves fee + value(denom) from {@code key} into the escrow. */
    public Tx deposit(KeyPair key, long nonce, int denom, BigInteger secret) {
        return signed.sign(key, signed.body(key, nonce).setNoteDeposit(NoteDeposit.newBuilder()
                .setDenom(denom).setNoteKey(ByteString.copyFrom(keys.noteKey(secret)))), -1);
    }

    /** An anonymous wish paid by the note; {@code wish.burn} is replaced by value(denom) - fee. */
    public Tx wish(Wish wish, int denom, BigInteger secret, AnonBucket sealed, Random random) {
        AnonNote note = note(denom, secret, sealed);
        long value = anon.value(denom);
        return prove(fee -> TxBody.newBuilder().setChainId(signed.chainId()).setFee(fee)
                .setAnonWish(AnonWish.newBuilder().setWish(wish.toBuilder().setBurn(value - fee)).setNote(note))
                .build(), secret, sealed, random);
    }

    /** An anonymous endorsement burning value(denom) - fee behind {@code wishId}. */
    public Tx endorse(byte[] wishId, int denom, BigInteger secret, AnonBucket sealed, Random random) {
        AnonNote note = note(denom, secret, sealed);
        long value = anon.value(denom);
        return prove(fee -> TxBody.newBuilder().setChainId(signed.chainId()).setFee(fee)
                .setAnonEndorse(AnonEndorse.newBuilder().setWishId(ByteString.copyFrom(wishId))
                        .setBurn(value - fee).setNote(note)).build(), secret, sealed, random);
    }

    /** The id the anonymous wish of this tx gets: the hash of its body. */
    public static byte[] wishId(Tx anonWish) {
        return Sha256.hash(anonWish.getBodyBytes().toByteArray());
    }

    private AnonNote note(int denom, BigInteger secret, AnonBucket sealed) {
        if (sealed.getSealedHeight() == 0) {
            throw new IllegalArgumentException("bucket " + sealed.getBucketId() + " is not sealed yet");
        }
        if (sealed.getDenom() != denom) {
            throw new IllegalArgumentException("the bucket is of denomination " + sealed.getDenom() + ", not " + denom);
        }
        return AnonNote.newBuilder().setDenom(denom).setBucketId(sealed.getBucketId())
                .setTag(ByteString.copyFrom(keys.tag(secret))).build();
    }

    private Tx prove(LongFunction<TxBody> bodyForFee, BigInteger secret, AnonBucket sealed, Random random) {
        TxBody body = bodyForFee.apply(minimumFee(bodyForFee));
        Ring ring = Ring.of(sealed.getDenom(), sealed.getBucketId(), sealed.getKeys().toByteArray(), new Ristretto255());
        int slot = slotOf(sealed, keys.noteKey(secret));
        TriptychStatement statement = new TriptychStatement(signed.chainId(), ring, keys.tag(secret),
                Sha256.hash(body.toByteArray()));
        byte[] proof = prover.prove(statement, slot, secret, random);
        return Tx.newBuilder().setBodyBytes(body.toByteString()).setSignature(ByteString.copyFrom(proof)).build();
    }

    /** Smallest fee f >= requiredFee(size with f) + surcharge; the size only grows with f, so this ends. */
    private long minimumFee(LongFunction<TxBody> bodyForFee) {
        long fee = signed.params().minFee() + anon.verifySurcharge();
        while (true) {
            int size = Tx.newBuilder().setBodyBytes(bodyForFee.apply(fee).toByteString())
                    .setSignature(ByteString.copyFrom(new byte[PROOF_LENGTH])).build().getSerializedSize();
            long required = signed.params().requiredFee(size) + anon.verifySurcharge();
            if (fee >= required) {
                return fee;
            }
            fee = required;
        }
    }

    private static int slotOf(AnonBucket bucket, byte[] noteKey) {
        ByteString key = ByteString.copyFrom(noteKey);
        ByteString all = bucket.getKeys();
        for (int s = 0; s * 32 < all.size(); s++) {
            if (all.substring(32 * s, 32 * s + 32).equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("the note is not in bucket " + bucket.getBucketId());
    }
}
