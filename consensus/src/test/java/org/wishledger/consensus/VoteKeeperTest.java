package org.wishledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

class VoteKeeperTest {
    private final Fixture f = new Fixture(40, 30, 20, 10); // total 100: +2/3 needs 67, +1/3 needs 34
    private final ByteString a = Fixture.value("A");

    private int idx(int power) {
        for (int i = 0; i < f.validators.size(); i++) {
            if (f.validators.get(i).power() == power) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }

    @Test
    void weightsByPowerNotByHeadcount() {
        VoteKeeper k = new VoteKeeper(1, f.validators);
        k.add(f.vote(idx(10), VoteType.PREVOTE, 1, 0, a));
        k.add(f.vote(idx(20), VoteType.PREVOTE, 1, 0, a));
        k.add(f.vote(idx(30), VoteType.PREVOTE, 1, 0, a)); // 3 of 4 validators, 60 of 100 power
        assertFalse(k.hasPrevoteQuorumFor(0, a));
        assertNull(k.prevotes(0).quorumValue());
        assertEquals(VoteKeeper.Status.ADDED, k.add(f.vote(idx(40), VoteType.PREVOTE, 1, 0, ByteString.EMPTY)).status());
        assertTrue(k.prevotes(0).hasQuorumAny());
        assertFalse(k.hasPrevoteQuorumFor(0, a));
        assertEquals(60, k.prevotes(0).powerFor(a));
    }

    @Test
    void roundSkipNeedsMoreThanAThirdOfThePowerAboveTheCurrentRound() {
        VoteKeeper k = new VoteKeeper(1, f.validators);
        k.add(f.vote(idx(30), VoteType.PREVOTE, 1, 4, a));
        assertEquals(-1, k.highestRoundWithOneThirdAbove(0));
        k.add(f.vote(idx(10), VoteType.PRECOMMIT, 1, 4, ByteString.EMPTY)); // 40 > 33.3, mixed types count
        assertEquals(4, k.highestRoundWithOneThirdAbove(0));
        assertEquals(-1, k.highestRoundWithOneThirdAbove(4));
        k.add(f.vote(idx(40), VoteType.PREVOTE, 1, 9, a));
        assertEquals(9, k.highestRoundWithOneThirdAbove(0));
    }

    @Test
    void rejectsWhatItCannotCount() {
        VoteKeeper k = new VoteKeeper(1, f.validators);
        assertEquals(VoteKeeper.Status.REJECTED, k.add(f.vote(0, VoteType.PREVOTE, 2, 0, a)).status());
        Vote typeless = f.vote(0, VoteType.PREVOTE, 1, 0, a).toBuilder().setType(VoteType.VOTE_TYPE_UNSPECIFIED).build();
        assertEquals(VoteKeeper.Status.REJECTED, k.add(typeless).status());
        Vote stranger = f.vote(0, VoteType.PREVOTE, 1, 0, a).toBuilder().setValidator(ByteString.copyFrom(new byte[20])).build();
        assertEquals(VoteKeeper.Status.REJECTED, k.add(stranger).status());
        Vote ok = f.vote(0, VoteType.PREVOTE, 1, 0, a);
        assertEquals(VoteKeeper.Status.ADDED, k.add(ok).status());
        assertEquals(VoteKeeper.Status.DUPLICATE, k.add(ok).status());
        assertEquals(1, k.votesOf(f.address(0)).size());
        assertEquals(1, k.allVotes().size());
    }
}
