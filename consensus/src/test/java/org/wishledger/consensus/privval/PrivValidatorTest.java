package org.wishledger.consensus.privval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.consensus.Fixture;
import org.wishledger.consensus.Output.BroadcastProposal;
import org.wishledger.consensus.Output.BroadcastVote;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

class PrivValidatorTest {
    @TempDir
    Path dir;

    private final Fixture f = Fixture.equal(4);
    private final ByteString a = Fixture.value("A");
    private final ByteString b = Fixture.value("B");

    private PrivValidator open() throws IOException {
        return new PrivValidator(Fixture.CHAIN, MessageSigner.ed25519(f.keyOf(0)), SignState.open(dir.resolve("sign-state")));
    }

    @Test
    void signsForwardAndRefusesConflictsAcrossRestarts() throws Exception {
        PrivValidator pv = open();
        Vote prevote = pv.signVote(new BroadcastVote(VoteType.PREVOTE, 5, 1, a));
        assertTrue(f.validators.get(0).publicKey().verify(SignBytes.vote(Fixture.CHAIN, prevote), prevote.getSignature().toByteArray()));
        pv.signVote(new BroadcastVote(VoteType.PRECOMMIT, 5, 1, a));

        PrivValidator restarted = open(); // a new process: state comes from disk only
        assertThrows(DoubleSignRefusedException.class,
                () -> restarted.signVote(new BroadcastVote(VoteType.PRECOMMIT, 5, 1, b)), "conflicting precommit");
        assertThrows(DoubleSignRefusedException.class,
                () -> restarted.signVote(new BroadcastVote(VoteType.PRECOMMIT, 5, 1, ByteString.EMPTY)), "nil after A");
        assertThrows(DoubleSignRefusedException.class,
                () -> restarted.signVote(new BroadcastVote(VoteType.PREVOTE, 5, 1, a)), "an earlier step");
        assertThrows(DoubleSignRefusedException.class,
                () -> restarted.signProposal(new BroadcastProposal(5, 0, -1, b)), "an earlier round");
        Vote again = restarted.signVote(new BroadcastVote(VoteType.PRECOMMIT, 5, 1, a));
        assertEquals(ByteString.EMPTY.size(), 0);
        assertArrayEquals(pv.signVote(new BroadcastVote(VoteType.PRECOMMIT, 5, 1, a)).getSignature().toByteArray(),
                again.getSignature().toByteArray(), "identical resend is allowed");
        restarted.signProposal(new BroadcastProposal(5, 2, 1, a));
        restarted.signVote(new BroadcastVote(VoteType.PREVOTE, 6, 0, b));
        assertEquals(6, SignState.open(dir.resolve("sign-state")).last().height());
    }

    @Test
    void tornWriteOfTheNewerSlotFallsBackToTheOlderOne() throws Exception {
        PrivValidator pv = open();
        pv.signVote(new BroadcastVote(VoteType.PREVOTE, 5, 0, a)); // sequence 1 -> slot 1
        pv.signVote(new BroadcastVote(VoteType.PRECOMMIT, 5, 0, a)); // sequence 2 -> slot 0
        try (FileChannel ch = FileChannel.open(dir.resolve("sign-state"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}), 20);
        }
        SignState state = SignState.open(dir.resolve("sign-state"));
        assertEquals(SignState.STEP_PREVOTE, state.last().step(), "the damaged newer slot is ignored");
    }

    @Test
    void bothSlotsCorruptFailsClosed() throws Exception {
        PrivValidator pv = open();
        pv.signVote(new BroadcastVote(VoteType.PREVOTE, 5, 0, a));
        pv.signVote(new BroadcastVote(VoteType.PRECOMMIT, 5, 0, a));
        try (FileChannel ch = FileChannel.open(dir.resolve("sign-state"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9, 9}), 30);
            ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9, 9}), SignState.SLOT_SIZE + 30);
        }
        IOException e = assertThrows(IOException.class, () -> SignState.open(dir.resolve("sign-state")));
        assertTrue(e.getMessage().contains("refusing to sign"));
    }
}
