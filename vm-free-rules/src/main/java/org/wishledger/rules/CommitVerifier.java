package org.wishledger.rules;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.CommitSig;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.ValidatorInfo;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.VoteType;

/**
 * Checks that a commit proves a decision: precommits for the block from distinct validators of the
 * set, each signature valid over the canonical vote, with more than 2/3 of the total voting power.
 * Validator keys are decoded once, when the verifier is built.
 */
public final class CommitVerifier {
    private record Member(PublicKey key, long power) {
    }

    private final String chainId;
    private final Map<ByteString, Member> members = new HashMap<>();
    private final long totalPower;

    public CommitVerifier(String chainId, ValidatorSet validators) {
        this.chainId = chainId;
        long total = 0;
        for (ValidatorInfo v : validators.getValidatorsList()) {
            members.put(v.getAddress(), new Member(PublicKey.decode(v.getPubKey().toByteArray()), v.getPower()));
            total += v.getPower();
        }
        this.totalPower = total;
    }

    public boolean isValidator(ByteString address) {
        return members.containsKey(address);
    }

    public long totalPower() {
        return totalPower;
    }

    /** @throws Rejection INVALID_BLOCK or BAD_SIGNATURE saying what is wrong with the commit */
    public void verify(Commit commit, long height, byte[] blockId) throws Rejection {
        if (commit.getHeight() != height) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "commit is for height " + commit.getHeight() + ", expected " + height);
        }
        ByteString id = ByteString.copyFrom(blockId);
        if (!commit.getBlockId().equals(id)) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "commit at height " + height + " is for block "
                    + Hex.encode(commit.getBlockId().toByteArray()) + ", expected " + Hex.encode(blockId));
        }
        byte[] signBytes = SignBytes.vote(chainId, VoteType.PRECOMMIT, height, commit.getRound(), id);
        Set<ByteString> signed = new HashSet<>();
        long power = 0;
        for (CommitSig sig : commit.getSignaturesList()) {
            Member m = members.get(sig.getValidator());
            if (m == null) {
                throw new Rejection(ErrorCode.INVALID_BLOCK, "commit at height " + height + " has a signature of "
                        + Hex.encode(sig.getValidator().toByteArray()) + ", which is not a validator");
            }
            if (!signed.add(sig.getValidator())) {
                throw new Rejection(ErrorCode.INVALID_BLOCK, "commit at height " + height + " has two signatures of "
                        + Hex.encode(sig.getValidator().toByteArray()));
            }
            if (!m.key().verify(signBytes, sig.getSignature().toByteArray())) {
                throw new Rejection(ErrorCode.BAD_SIGNATURE, "commit at height " + height + ": the precommit of "
                        + Hex.encode(sig.getValidator().toByteArray()) + " does not verify");
            }
            power += m.power();
        }
        // Strictly more than 2/3 of the total power; multiply rather than divide to stay exact.
        if (power * 3 <= totalPower * 2) {
            throw new Rejection(ErrorCode.INVALID_BLOCK, "commit at height " + height + " has " + power + " of "
                    + totalPower + " voting power; more than 2/3 is required");
        }
    }
}
