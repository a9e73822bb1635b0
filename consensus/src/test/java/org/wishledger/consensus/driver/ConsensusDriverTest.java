package org.wishledger.consensus.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Fixture;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.Step;
import org.wishledger.consensus.privval.MessageSigner;
import org.wishledger.consensus.privval.PrivValidator;
import org.wishledger.consensus.privval.SignState;
import org.wishledger.consensus.wal.ConsensusWal;
import org.wishledger.consensus.wal.DurableConsensus;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/** The driver over a real core, WAL and sign state, on a clock the test moves by hand. */
class ConsensusDriverTest {
    @TempDir
    Path dir;

    private final Fixture f = Fixture.equal(4);
    private final ByteString a = Fixture.value("A");
    private final int me = f.nonProposer(0, 1);
    private long nowNanos = 1_000_000_000L;
    private final List<Effect<TestProposal>> effects = new ArrayList<>();
    private final List<Input> inputs = new ArrayList<>();
    private ConsensusWal wal;
    private SignState signState;

    record TestProposal(long height, int round, int polRound, ByteString blockId, ByteString proposer, ByteString sig) {
    }

    private static final ProposalFormat<TestProposal> FORMAT = new ProposalFormat<>() {
        public long height(TestProposal p) {
            return p.height();
        }

        public int round(TestProposal p) {
            return p.round();
        }

        public int polRound(TestProposal p) {
            return p.polRound();
        }

        public ByteString proposer(TestProposal p) {
            return p.proposer();
        }

        public TestProposal signed(TestProposal t, Output.BroadcastProposal i, ByteString proposer, ByteString sig) {
            return new TestProposal(i.height(), i.round(), i.polRound(), i.valueId(), proposer, sig);
        }

        public byte[] encode(TestProposal p) {
            return (p.height() + "/" + p.round() + "/" + p.polRound() + "/" + hex(p.blockId()) + "/" + hex(p.proposer())
                    + "/" + hex(p.sig()) + "/").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        public TestProposal decode(byte[] bytes) {
            String[] f = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("/", -1);
            return new TestProposal(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), unhex(f[3]),
                    unhex(f[4]), unhex(f[5]));
        }
    };

    private static String hex(ByteString b) {
        return java.util.HexFormat.of().formatHex(b.toByteArray());
    }

    private static ByteString unhex(String s) {
        return ByteString.copyFrom(java.util.HexFormat.of().parseHex(s));
    }

    private ConsensusDriver<TestProposal> driver(Function<ByteString, ConsensusCore> core) throws IOException {
        wal = ConsensusWal.open(dir.resolve("wal"));
        signState = SignState.open(dir.resolve("sign-state"));
        PrivValidator pv = new PrivValidator(Fixture.CHAIN, MessageSigner.ed25519(f.keyOf(me)), signState);
        ConsensusDriver<TestProposal> d = new ConsensusDriver<>(new DurableConsensus(core.apply(f.address(me)), wal), pv,
                FORMAT, h -> f.validators, DriverConfig.DEFAULT, () -> nowNanos, effects::add);
        d.observe(new ConsensusDriver.Observer() {
            @Override
            public void onInput(Input input) {
                inputs.add(input);
            }
        });
        return d;
    }

    private ConsensusDriver<TestProposal> driver() throws IOException {
        return driver(address -> new ConsensusCore(address, Fixture.TIMEOUTS));
    }

    private void restart() throws IOException {
        wal.close();
        signState.close();
        effects.clear();
        inputs.clear();
    }

    private TestProposal proposal(long height, int round, ByteString value) {
        return new TestProposal(height, round, -1, value, f.address(f.proposerIndex(round)), ByteString.EMPTY);
    }

    private <T> List<T> effectsOf(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<Vote> published() {
        return effectsOf(Effect.PublishVote.class).stream().map(e -> (Vote) e.vote()).toList();
    }

    @Test
    void nestedOutputsAreProcessedBreadthFirst() throws IOException {
        // A scripted core: one input asks for two votes; the feedback of the first asks for a third. Depth-first
        // (feeding the first vote back from inside the output loop) would sign prevote r1 before precommit r0,
        // and the sign guard would then refuse precommit r0.
        Output.BroadcastVote v1 = new Output.BroadcastVote(VoteType.PREVOTE, 1, 0, a);
        Output.BroadcastVote v2 = new Output.BroadcastVote(VoteType.PRECOMMIT, 1, 0, a);
        Output.BroadcastVote v3 = new Output.BroadcastVote(VoteType.PREVOTE, 1, 1, a);
        List<Input> seen = new ArrayList<>();
        ConsensusDriver<TestProposal> d = driver(address -> new ConsensusCore(address, Fixture.TIMEOUTS) {
            @Override
            public List<Output> apply(Input input) {
                seen.add(input);
                if (input instanceof Input.NewHeight) {
                    super.apply(input);
                    return List.of();
                }
                if (input instanceof Input.ValueVerdict) {
                    return List.of(v1, v2);
                }
                if (input instanceof Input.VoteReceived v && v.vote().getType() == VoteType.PREVOTE && v.vote().getRound() == 0) {
                    return List.of(v3);
                }
                return List.of();
            }
        });
        d.start(1);
        d.handle(new Event.Verdict<>(1, a, true));

        List<Vote> sent = published();
        assertEquals(3, sent.size(), "every vote signed: " + effects);
        assertEquals(List.of(VoteType.PREVOTE, VoteType.PRECOMMIT, VoteType.PREVOTE), sent.stream().map(Vote::getType).toList());
        assertEquals(List.of(0, 0, 1), sent.stream().map(Vote::getRound).toList());
        assertTrue(effectsOf(Effect.SignRefused.class).isEmpty());
        // the core saw: NewHeight, the verdict, then the three feedbacks in the order they were signed
        assertEquals(5, seen.size());
        assertEquals(sent, seen.subList(2, 5).stream().map(i -> ((Input.VoteReceived) i).vote()).toList());
    }

    @Test
    void aBlockIsValidatedOnceAndItsVerdictLeadsToThePrevote() throws IOException {
        ConsensusDriver<TestProposal> d = driver();
        d.start(1);
        TestProposal p = proposal(1, 0, a);
        d.handle(new Event.ProposalArrived<>(p, a));
        d.handle(new Event.ProposalArrived<>(p, a)); // gossip repeats it
        assertEquals(1, effectsOf(Effect.ValidateBlock.class).size());
        assertTrue(published().isEmpty(), "no prevote before valid(v) is known");

        d.handle(new Event.Verdict<>(1, a, true));
        assertEquals(List.of(a), published().stream().map(Vote::getBlockId).toList());
        assertEquals(Step.PREVOTE, d.core().step());
        assertEquals(1, inputs.stream().filter(i -> i instanceof Input.ProposalReceived).count(), "the repeat is not logged");
    }

    @Test
    void messagesOfTheNextHeightsWaitForThem() throws IOException {
        ConsensusDriver<TestProposal> d = driver();
        d.start(1);
        Vote early = f.vote(0, VoteType.PREVOTE, 2, 0, a);
        d.handle(new Event.VoteArrived<>(early));
        long beyond = 1 + DriverConfig.DEFAULT.futureHeights() + 1;
        d.handle(new Event.VoteArrived<>(f.vote(0, VoteType.PREVOTE, beyond, 0, a))); // beyond the window
        assertEquals(1, d.bufferedFutureMessages());
        assertFalse(inputs.stream().anyMatch(i -> i instanceof Input.VoteReceived));

        d.handle(new Event.HeightStart<>(2));
        assertEquals(2, d.height());
        assertEquals(0, d.bufferedFutureMessages());
        int newHeight = indexOf(i -> i instanceof Input.NewHeight nh && nh.height() == 2);
        int vote = indexOf(i -> i instanceof Input.VoteReceived v && v.vote().equals(early));
        assertTrue(newHeight >= 0 && vote > newHeight, "the held vote is fed once its height started: " + inputs);
    }

    @Test
    void aProcessHoldingALaterHeightsMessagesWithoutProgressKnowsItIsBehind() throws IOException {
        ConsensusDriver<TestProposal> d = driver();
        d.start(1);
        nowNanos += DriverConfig.DEFAULT.regossipNanos() * 3;
        assertFalse(d.behindPeers(), "a slow height alone is not being behind: nobody decided it");

        d.handle(new Event.VoteArrived<>(f.vote(0, VoteType.PRECOMMIT, 2, 0, a)));
        assertFalse(d.behindPeers(), "one validator of four (1/4 of the power) may be a Byzantine one making heights up");
        d.handle(new Event.VoteArrived<>(f.vote(1, VoteType.PRECOMMIT, 2, 0, a)));
        assertTrue(d.behindPeers(), "height 1 made no progress for the interval while 2 of 4 validators vote at 2");

        d.handle(new Event.HeightStart<>(2)); // block sync (or the own decision) stored height 1
        assertFalse(d.behindPeers(), "the held votes are released and the new height has just started");
        d.handle(new Event.VoteArrived<>(f.vote(0, VoteType.PREVOTE, 3, 0, a)));
        d.handle(new Event.VoteArrived<>(f.vote(2, VoteType.PREVOTE, 4, 0, a))); // any later height counts
        nowNanos += DriverConfig.DEFAULT.regossipNanos() - 1;
        assertFalse(d.behindPeers(), "peers a height ahead for less than the interval is normal");
        nowNanos += 1;
        assertTrue(d.behindPeers());

        d.handle(new Event.HeightStart<>(3)); // releases validator 0's vote at 3, keeps validator 2's at 4
        nowNanos += DriverConfig.DEFAULT.regossipNanos();
        assertFalse(d.behindPeers(), "only validator 2's vote is held now: released votes no longer count");
    }

    @Test
    void timeoutsFireOnTheWheelWhenDueAndNotBefore() throws IOException {
        ConsensusDriver<TestProposal> d = driver();
        d.start(1);
        List<Effect.WakeAt> wakes = effectsOf(Effect.WakeAt.class);
        assertEquals(1, wakes.size());
        long deadline = wakes.get(0).deadlineNanos();
        assertEquals(nowNanos + Fixture.TIMEOUTS.duration(org.wishledger.consensus.TimeoutKind.PROPOSE, 0) * 1_000_000L, deadline);

        nowNanos = deadline - 1;
        d.tick();
        assertFalse(inputs.stream().anyMatch(i -> i instanceof Input.TimeoutElapsed), "1 ns early");
        assertTrue(published().isEmpty());
        nowNanos = deadline + 7_000_000L; // a host that ticks late
        d.tick();
        assertEquals(1, published().size(), "timeoutPropose (L57) prevotes nil");
        assertTrue(published().get(0).getBlockId().isEmpty());
        assertEquals(0, d.pendingTimers(), "the fired timer is gone; the nil prevote schedules none yet: " + effects);
    }

    @Test
    void aStalledHeightIsRegossipedAfterTheIntervalWithEveryVoteHeld() throws IOException {
        ConsensusDriver<TestProposal> d = driver();
        d.start(1);
        d.handle(new Event.ProposalArrived<>(proposal(1, 0, a), a));
        d.handle(new Event.Verdict<>(1, a, true));
        d.handle(new Event.VoteArrived<>(f.vote(f.proposerIndex(0), VoteType.PREVOTE, 1, 0, a)));
        nowNanos += DriverConfig.DEFAULT.regossipNanos() - 1;
        d.tick();
        assertTrue(effectsOf(Effect.RelayVote.class).isEmpty(), "not before the interval");
        nowNanos += 1;
        d.tick();
        assertEquals(2, effectsOf(Effect.RelayVote.class).size(), "own prevote and the relayed one");
        assertEquals(1, effectsOf(Effect.RelayProposal.class).size());
        d.tick();
        assertEquals(2, effectsOf(Effect.RelayVote.class).size(), "then once per interval");
    }

    @Test
    void aRestartReplaysTheWalResendsOnlyTheLastSignatureAndRegossipsOwnVotes() throws IOException {
        ConsensusDriver<TestProposal> d = driver();
        d.start(1);
        d.handle(new Event.ProposalArrived<>(proposal(1, 0, a), a));
        d.handle(new Event.Verdict<>(1, a, true));
        for (int i = 0; i < 4; i++) {
            if (i != me) {
                d.handle(new Event.VoteArrived<>(f.vote(i, VoteType.PREVOTE, 1, 0, a)));
            }
        }
        assertEquals(2, published().size(), "prevote and precommit for A");
        assertEquals(0, d.core().lockedRound());
        restart();

        ConsensusDriver<TestProposal> again = driver();
        assertTrue(again.start(1));
        assertEquals(0, again.core().lockedRound(), "the lock survives");
        List<Vote> resent = published();
        assertEquals(1, resent.size(), "only the last signed message may be resent: " + effects);
        assertEquals(VoteType.PRECOMMIT, resent.get(0).getType());
        assertTrue(effectsOf(Effect.SignRefused.class).stream().allMatch(Effect.SignRefused::replaying));
        assertEquals(2, effectsOf(Effect.RelayVote.class).size(), "own votes of the height to every peer");
        assertFalse(effectsOf(Effect.WakeAt.class).isEmpty(), "timeouts re-armed");
    }

    @Test
    void aRestartedValidatorStillHoldsTheHeightsBlocksAndRevalidatesUnjudgedOnes() throws IOException {
        ConsensusDriver<TestProposal> d = driver();
        d.start(1);
        TestProposal p = proposal(1, 0, a);
        d.handle(new Event.ProposalArrived<>(p, a));
        d.handle(new Event.VoteArrived<>(f.vote(0, VoteType.PREVOTE, 1, 0, a))); // a later record: the block is logged
        restart();

        ConsensusDriver<TestProposal> again = driver();
        assertTrue(again.start(1));
        List<Effect.ValidateBlock> asked = effectsOf(Effect.ValidateBlock.class);
        assertEquals(1, asked.size(), "the block had no verdict before the crash: validate it again");
        assertEquals(p, asked.get(0).proposal());
        again.handle(new Event.PeerJoined<>("peer-7"));
        List<Effect.RelayProposal> relayed = effectsOf(Effect.RelayProposal.class);
        assertEquals(1, relayed.size());
        assertEquals(p, relayed.get(0).proposal(), "the WAL kept the block: it can be re-gossiped and re-proposed");
        assertEquals("peer-7", relayed.get(0).peer());
    }

    @Test
    void aWalThatCannotBeWrittenHaltsTheDriver() throws IOException {
        ConsensusDriver<TestProposal> d = driver();
        d.start(1);
        // the next height's WAL file cannot be created (a directory is in its place)
        java.nio.file.Files.createDirectories(dir.resolve("wal").resolve(String.format("%020d.wal", 2)));
        ConsensusHaltedException e = assertThrows(ConsensusHaltedException.class,
                () -> d.handle(new Event.HeightStart<>(2)));
        assertTrue(e.getMessage().contains("cannot write the consensus WAL"), e.getMessage());
    }

    private int indexOf(java.util.function.Predicate<Input> p) {
        for (int i = 0; i < inputs.size(); i++) {
            if (p.test(inputs.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
