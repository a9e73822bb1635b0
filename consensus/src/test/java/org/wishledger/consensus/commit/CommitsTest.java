package org.wishledger.consensus.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wishledger.consensus.Fixture;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.CommitSig;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

class CommitsTest {
    private final Fixture f = new Fixture(10, 10, 10, 5);
    private final ByteString block = Fixture.value("block-7");

    private Commit commitOf(int... signers) {
        List<Vote> votes = new ArrayList<>();
        for (int i : signers) {
            votes.add(f.vote(i, VoteType.PRECOMMIT, 7, 2, block));
        }
        return Commits.build(7, 2, block, votes);
    }

    private ErrorCode rejection(Commit c, long height, ByteString id) {
        Rejection r = assertThrows(Rejection.class, () -> Commits.verify(Fixture.CHAIN, f.validators, c, height, id));
        return r.code();
    }

    @Test
    void verifiesACommitWithMoreThanTwoThirds() throws Rejection {
        Commit c = commitOf(2, 0, 1); // 30 of 35
        assertEquals(3, c.getSignaturesCount());
        Commits.verify(Fixture.CHAIN, f.validators, c, 7, block);
    }

    @Test
    void rejectsTooLittlePower() {
        assertEquals(ErrorCode.INVALID_BLOCK, rejection(commitOf(0, 1), 7, block)); // 20 of 35
        assertEquals(ErrorCode.INVALID_BLOCK, rejection(commitOf(0, 3), 7, block));
    }

    @Test
    void rejectsWrongHeightOrBlock() {
        Commit c = commitOf(0, 1, 2);
        assertEquals(ErrorCode.INVALID_BLOCK, rejection(c, 8, block));
        assertEquals(ErrorCode.INVALID_BLOCK, rejection(c, 7, Fixture.value("other")));
    }

    @Test
    void rejectsDuplicateSigner() {
        Commit c = commitOf(0, 1).toBuilder().addSignatures(commitOf(0).getSignatures(0)).build();
        assertEquals(ErrorCode.INVALID_BLOCK, rejection(c, 7, block));
    }

    @Test
    void rejectsUnknownSignerAndBadSignature() {
        byte[] seed = new byte[32];
        seed[0] = 99;
        org.wishledger.ledger.crypto.KeyPair stranger = org.wishledger.ledger.crypto.KeyPair.fromSeed(seed);
        byte[] sig = stranger.sign(org.wishledger.ledger.SignBytes.vote(Fixture.CHAIN, VoteType.PRECOMMIT, 7, 2, block));
        Commit unknown = commitOf(0, 1, 2).toBuilder()
                .addSignatures(CommitSig.newBuilder().setValidator(ByteString.copyFrom(stranger.address()))
                        .setSignature(ByteString.copyFrom(sig)))
                .build();
        assertEquals(ErrorCode.INVALID_BLOCK, rejection(unknown, 7, block));
        Commit c = commitOf(0, 1, 2);
        // a signature for the prevote instead of the precommit must not count
        Vote prevote = f.vote(2, VoteType.PREVOTE, 7, 2, block);
        Commit forged = c.toBuilder().setSignatures(2, CommitSig.newBuilder()
                .setValidator(prevote.getValidator()).setSignature(prevote.getSignature())).build();
        assertEquals(ErrorCode.BAD_SIGNATURE, rejection(forged, 7, block));
        Commit otherRound = c.toBuilder().setRound(3).build();
        assertEquals(ErrorCode.BAD_SIGNATURE, rejection(otherRound, 7, block));
    }

    @Test
    void buildRefusesVotesForAnotherBlock() {
        Vote v = f.vote(0, VoteType.PRECOMMIT, 7, 2, Fixture.value("x"));
        assertThrows(IllegalArgumentException.class, () -> Commits.build(7, 2, block, List.of(v)));
    }
}
