package org.wishledger.consensus.commit;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.Validator;
import org.wishledger.consensus.Validators;
import org.wishledger.ledger.CommitCheck;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.CommitSig;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/**
 * Builds and verifies the ledger's {@link Commit}: the +2/3 precommit signatures for one block in one
 * round. Block sync trusts a block only through {@link #verify}, so verify is strict: right height and
 * block id, every signer a distinct member of the set, every signature valid over the PRECOMMIT sign
 * bytes, and the signers' power strictly above 2/3 of the total.
 */
public final class Commits {
    private Commits() {
    }

    /** The commit of a decision: its precommits (already in address order) as CommitSigs. */
    public static Commit build(Output.Decide decide) {
        return build(decide.height(), decide.round(), decide.valueId(), decide.precommits());
    }

    public static Commit build(long height, int round, ByteString blockId, List<Vote> precommits) {
        Commit.Builder commit = Commit.newBuilder().setHeight(height).setRound(round).setBlockId(blockId);
        List<Vote> sorted = new ArrayList<>(precommits);
        sorted.sort((a, b) -> ByteString.unsignedLexicographicalComparator().compare(a.getValidator(), b.getValidator()));
        for (Vote v : sorted) {
            if (v.getType() != VoteType.PRECOMMIT || v.getHeight() != height || v.getRound() != round
                    || !v.getBlockId().equals(blockId)) {
                throw new IllegalArgumentException("not a precommit for this block: " + v);
            }
            commit.addSignatures(CommitSig.newBuilder().setValidator(v.getValidator()).setSignature(v.getSignature()));
        }
        return commit.build();
    }

    /** {@link #verify(String, Validators, Commit, long, ByteString, SignatureVerifier)} with Ed25519. */
    public static void verify(String chainId, Validators validators, Commit commit, long expectedHeight,
                              ByteString expectedBlockId) throws Rejection {
        verify(chainId, validators, commit, expectedHeight, expectedBlockId, SignatureVerifier.ED25519);
    }

    /** @throws Rejection INVALID_BLOCK or BAD_SIGNATURE, with a message naming the culprit (see CommitCheck) */
    public static void verify(String chainId, Validators validators, Commit commit, long expectedHeight,
                              ByteString expectedBlockId, SignatureVerifier verifier) throws Rejection {
        CommitCheck.verify(chainId, commit, expectedHeight, expectedBlockId, address -> {
            int index = validators.indexOf(address);
            if (index < 0) {
                return null;
            }
            Validator validator = validators.get(index);
            return new CommitCheck.Signer() {
                @Override
                public long power() {
                    return validator.power();
                }

                @Override
                public boolean verify(byte[] message, byte[] signature) {
                    return verifier.verify(validator, message, signature);
                }
            };
        }, validators.totalPower());
    }
}
