package org.wishledger.consensus.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Fixture;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.TimeoutKind;
import org.wishledger.ledger.proto.VoteType;

class ConsensusWalTest {
    @TempDir
    Path dir;

    private final Fixture f = Fixture.equal(4);
    private final ByteString a = Fixture.value("A");

    /** Drives validator `me` to a lock on A at round 0 and into round 1, through the WAL. */
    private DurableConsensus lockedThroughWal(int me) throws Exception {
        DurableConsensus dc = new DurableConsensus(new ConsensusCore(f.address(me), Fixture.TIMEOUTS), ConsensusWal.open(dir));
        dc.apply(new Input.NewHeight(3, f.validators));
        dc.apply(new Input.ValueVerdict(3, a, true));
        dc.apply(new Input.ProposalReceived(3, 0, -1, a, f.address(f.proposerIndex(0))));
        for (int i = 0; i < 4; i++) {
            if (i != me) {
                dc.apply(new Input.VoteReceived(f.vote(i, VoteType.PREVOTE, 3, 0, a)));
            }
        }
        assertEquals(0, dc.core().lockedRound());
        for (int i = 0; i < 4; i++) {
            if (i != me) {
                dc.apply(new Input.VoteReceived(f.vote(i, VoteType.PRECOMMIT, 3, 0, ByteString.EMPTY)));
            }
        }
        dc.apply(new Input.TimeoutElapsed(TimeoutKind.PRECOMMIT, 3, 0));
        assertEquals(1, dc.core().round());
        return dc;
    }

    /** The WAL file of {@link #lockedThroughWal}, closed as after a stop. */
    private Path closedWalOfALockedValidator(int me) throws Exception {
        DurableConsensus before = lockedThroughWal(me);
        Path file = before.wal().currentFile();
        before.wal().close();
        return file;
    }

    @Test
    void replayRestoresRoundAndLock() throws Exception {
        int me = f.nonProposer(0, 1);
        DurableConsensus before = lockedThroughWal(me);
        before.wal().close();

        DurableConsensus after = new DurableConsensus(new ConsensusCore(f.address(me), Fixture.TIMEOUTS), ConsensusWal.open(dir));
        assertEquals(3, after.wal().lastHeight());
        List<Output> replayed = after.replay(3).outputs();
        assertTrue(replayed.stream().anyMatch(o -> o instanceof Output.BroadcastVote v && v.type() == VoteType.PRECOMMIT));
        assertEquals(1, after.core().round());
        assertEquals(0, after.core().lockedRound());
        assertEquals(a, after.core().lockedValue());
        // appends after a replay continue the same file
        after.apply(new Input.TimeoutElapsed(TimeoutKind.PROPOSE, 3, 1));
        after.wal().close();
        DurableConsensus third = new DurableConsensus(new ConsensusCore(f.address(me), Fixture.TIMEOUTS), ConsensusWal.open(dir));
        third.replay(3);
        assertEquals(org.wishledger.consensus.Step.PREVOTE, third.core().step());
    }

    @Test
    void tornTailIsCutOffAndSyncedPrefixSurvives() throws Exception {
        int me = f.nonProposer(0, 1);
        DurableConsensus before = lockedThroughWal(me);
        long synced = before.wal().syncedLength();
        Path file = before.wal().currentFile();
        before.wal().close();
        long size = Files.size(file);
        assertTrue(synced > 0 && synced <= size);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3); // a torn last record
        }
        DurableConsensus after = new DurableConsensus(new ConsensusCore(f.address(me), Fixture.TIMEOUTS), ConsensusWal.open(dir));
        after.replay(3);
        assertEquals(0, after.core().lockedRound(), "the lock was synced before the precommit was signed");
        assertTrue(Files.size(file) < size - 3, "torn record removed");
    }

    @Test
    void oldHeightsAreDeletedAndMissingHeightReplaysNothing() throws Exception {
        ConsensusWal wal = ConsensusWal.open(dir);
        for (long h = 1; h <= 5; h++) {
            wal.append(new Input.NewHeight(h, f.validators));
        }
        wal.sync();
        assertEquals(5, wal.lastHeight());
        assertTrue(wal.replay(2).isEmpty());
        assertEquals(1, wal.replay(4).size());
        assertTrue(wal.replay(9).isEmpty());
        Input.NewHeight nh = (Input.NewHeight) wal.replay(5).get(0);
        assertEquals(f.validators.toString(), nh.validators().toString());
        wal.close();
    }

    @Test
    void aDamagedRecordWithRecordsAfterItIsCorruptionNotATornTail() throws Exception {
        Path file = closedWalOfALockedValidator(f.nonProposer(0, 1));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x5a, 0x5a}), 20); // inside the first record
        }
        ConsensusWal wal = ConsensusWal.open(dir);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> wal.replay(3));
        assertTrue(e.getMessage().contains("is corrupt") && e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(Files.size(file) > 100, "nothing was cut off: the damage is left for the operator to inspect");
    }

    @Test
    void aZeroFilledTailIsTorn() throws Exception {
        int me = f.nonProposer(0, 1);
        Path file = closedWalOfALockedValidator(me);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.allocate(4096)); // what some file systems leave after a power loss
        }
        DurableConsensus after = new DurableConsensus(new ConsensusCore(f.address(me), Fixture.TIMEOUTS), ConsensusWal.open(dir));
        after.replay(3);
        assertEquals(0, after.core().lockedRound());
    }
}
