package org.wishledger.ledger;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.CommitSig;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.VoteType;

/**
 * The one check that a commit proves a decision: precommits for exactly this height and block id, from
 * distinct members of the validator set, each signature valid over the canonical vote, together holding
 * strictly more than 2/3 of the voting power. Block execution (vm-free-rules), block sync and the
 * consensus simulator all call it; they differ only in how they look signers up.
 */
public final class CommitCheck {

    /** A validator as the check needs it. */
    public interface Signer {
        long power();

        boolean verify(byte[] message, byte[] signature);
    }

    private CommitCheck() {
    }

    /**
     * @param signers    the set's member for an address, or null for a non-member
     * @param totalPower the set's total voting power
     * @throws Rejection INVALID_BLOCK (height, block id, non-member, duplicate signer, too little power) or
     *                   BAD_SIGNATURE, with a message naming the culprit
     */
    public static void verify(String chainId, Commit commit, long height, ByteString blockId,
            Function<ByteString, Signer> signers, long totalPower) throws Rejection {
        if (commit.getHeight() != height) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "commit is for height " + commit.getHeight() + ", expected " + height);
        }
        if (blockId.isEmpty() || !commit.getBlockId().equals(blockId)) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "commit at height " + height + " is for block "
                    + Hex.encode(commit.getBlockId().toByteArray()) + ", expected " + Hex.encode(blockId.toByteArray()));
        }
        byte[] signBytes = SignBytes.vote(chainId, VoteType.PRECOMMIT, height, commit.getRound(), blockId);
        Set<ByteString> signed = new HashSet<>();
        long power = 0;
        for (CommitSig sig : commit.getSignaturesList()) {
            String who = Hex.encode(sig.getValidator().toByteArray());
            Signer signer = signers.apply(sig.getValidator());
            if (signer == null) {
                throw new Rejection(ErrorCode.INVALID_BLOCK, "commit at height " + height + " has a signature of "
                        + who + ", which is not a validator");
            }
            if (!signed.add(sig.getValidator())) {
                throw new Rejection(ErrorCode.INVALID_BLOCK, "commit at height " + height + " has two signatures of " + who);
            }
            if (!signer.verify(signBytes, sig.getSignature().toByteArray())) {
                throw new Rejection(ErrorCode.BAD_SIGNATURE, "commit at height " + height + ": the precommit of "
                        + who + " does not verify");
            }
            power += signer.power();
        }
        // Strictly more than 2/3 of the total power; multiply rather than divide to stay exact (powers
        // are capped far below 2^63 / 3 by genesis validation).
        if (power * 3 <= totalPower * 2) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "commit at height " + height + " has " + power + " of "
                    + totalPower + " voting power; more than 2/3 is required");
        }
    }
}
