package org.wishledger.consensus.bench;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.Timeouts;
import org.wishledger.consensus.Validator;
import org.wishledger.consensus.Validators;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;

/**
 * Cost of one (already verified) vote through VoteKeeper and the state machine: a whole height of
 * {@code validators} prevotes and precommits for the proposed block, ending in the decision, divided by the
 * number of votes. Signature verification is the host's and is not included (Ed25519: ~80 µs per vote).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VoteBench {
    /** A validator set of 4. */
    @State(Scope.Thread)
    public static class Four extends Height {
        public Four() {
            super(4);
        }
    }

    /** A validator set of 100. */
    @State(Scope.Thread)
    public static class Hundred extends Height {
        public Hundred() {
            super(100);
        }
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public Output perVote4(Four height) {
        return height.drive();
    }

    @Benchmark
    @OperationsPerInvocation(200)
    public Output perVote100(Hundred height) {
        return height.drive();
    }

    /** One height's inputs for a non-proposer: proposal, verdict, 2 x n votes. */
    public abstract static class Height {
        private final int validators;
        private Validators set;
        private ByteString self;
        private ByteString proposer;
        private final ByteString block = ByteString.copyFrom(new byte[32]);
        private final List<Input> votes = new ArrayList<>();

        Height(int validators) {
            this.validators = validators;
        }

        @Setup
        public void setup() {
            List<Validator> list = new ArrayList<>();
            for (int i = 0; i < validators; i++) {
                byte[] seed = new byte[32];
                seed[0] = (byte) i;
                seed[1] = (byte) (i >> 8);
                seed[2] = 1;
                list.add(Validator.of("v" + i, KeyPair.fromSeed(seed).publicKey(), 10));
            }
            set = Validators.initial(list);
            proposer = set.proposer(0).address();
            self = set.get(set.indexOf(proposer) == 0 ? 1 : 0).address(); // a non-proposer
            for (VoteType type : new VoteType[] {VoteType.PREVOTE, VoteType.PRECOMMIT}) {
                for (int i = 0; i < validators; i++) {
                    votes.add(new Input.VoteReceived(Vote.newBuilder().setType(type).setHeight(1).setRound(0)
                            .setBlockId(block).setValidator(set.get(i).address())
                            .setSignature(ByteString.copyFrom(new byte[64])).build()));
                }
            }
        }

        Output drive() {        ConsensusCore core = new ConsensusCore(self, Timeouts.DEFAULT);
            core.apply(new Input.NewHeight(1, set));
            core.apply(new Input.ValueVerdict(1, block, true));
            core.apply(new Input.ProposalReceived(1, 0, -1, block, proposer));
            Output last = null;
            for (Input v : votes) {
                List<Output> out = core.apply(v);
                if (!out.isEmpty()) {
                    last = out.get(out.size() - 1);
                }
            }
            if (!(last instanceof Output.Decide)) {
                throw new IllegalStateException("no decision: " + last);
            }
            return last;
        }
    }
}
