package org.wishledger.rules;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.Map;
import org.wishledger.ledger.CommitCheck;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.ValidatorInfo;
import org.wishledger.ledger.proto.ValidatorSet;

/**
 * Checks that a commit proves a decision: precommits for the block from distinct validators of the
 * set, each signature valid over the canonical vote, with more than 2/3 of the total voting power.
 * Validator keys are decoded once, when the verifier is built.
 */
public final class CommitVerifier {
    private record Member(PublicKey key, long power) implements CommitCheck.Signer {
        @Override
        public boolean verify(byte[] message, byte[] signature) {
            return key.verify(message, signature);
        }
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

    /** @throws Rejection INVALID_BLOCK or BAD_SIGNATURE saying what is wrong with the commit (see CommitCheck) */
    public void verify(Commit commit, long height, byte[] blockId) throws Rejection {
        CommitCheck.verify(chainId, commit, height, ByteString.copyFrom(blockId), members::get, totalPower);
    }
}
