package org.wishledger.consensus.wal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.consensus.ConsensusCore;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.Output;

/**
 * The core behind its WAL: log the input, apply it, and when the outputs ask for a signature (a proposal
 * or a vote) force the log before returning them. This ordering is the crash-safety contract: any input
 * that led to a signed message is durable before the signature exists, so a replay reaches at least the
 * state in which the validator signed. Inputs that led to no signature may be lost in a crash; losing
 * them only costs time (they are resent by gossip), never safety.
 */
public final class DurableConsensus {
    private final ConsensusCore core;
    private final ConsensusWal wal;

    public DurableConsensus(ConsensusCore core, ConsensusWal wal) {
        this.core = core;
        this.wal = wal;
    }

    public List<Output> apply(Input input) throws IOException {
        wal.append(input);
        List<Output> outputs = core.apply(input);
        for (Output o : outputs) {
            if (o instanceof Output.BroadcastVote || o instanceof Output.BroadcastProposal) {
                wal.sync();
                break;
            }
        }
        return outputs;
    }

    /**
     * After a restart: replays the WAL's inputs of {@code height} through the (fresh) core. Returns the
     * inputs and the outputs of the replay in order; the host must not re-sign them blindly — the sign-state guard
     * refuses all but a resend of the very last signed message, which is exactly the one that may not
     * have left the process. Returns an empty replay (and leaves the core untouched) when the WAL has
     * nothing for that height: the host then starts it with a NewHeight as usual.
     */
    public Replay replay(long height) throws IOException {
        ConsensusWal.Records records = wal.replayRecords(height);
        List<Output> outputs = new ArrayList<>();
        for (Input input : records.inputs()) {
            outputs.addAll(core.apply(input));
        }
        return new Replay(records.inputs(), outputs, records.blocks());
    }

    /**
     * What a replay fed and produced. The inputs tell the host which proposals still lack a verdict
     * (a ProposalReceived with no ValueVerdict for its id): it must validate those blocks again; the
     * blocks are the ones logged with {@link ConsensusWal#append(BlockRecord)}.
     */
    public record Replay(List<Input> inputs, List<Output> outputs, List<BlockRecord> blocks) {
        public boolean isEmpty() {
            return inputs.isEmpty();
        }

        /** Value ids of replayed proposals that have no verdict in the log. */
        public List<com.google.protobuf.ByteString> proposalsWithoutVerdict() {
            java.util.Set<com.google.protobuf.ByteString> judged = new java.util.HashSet<>();
            for (Input in : inputs) {
                if (in instanceof Input.ValueVerdict v) {
                    judged.add(v.valueId());
                }
            }
            List<com.google.protobuf.ByteString> out = new ArrayList<>();
            for (Input in : inputs) {
                if (in instanceof Input.ProposalReceived p && !judged.contains(p.valueId()) && !out.contains(p.valueId())) {
                    out.add(p.valueId());
                }
            }
            return out;
        }
    }

    public ConsensusCore core() {
        return core;
    }

    public ConsensusWal wal() {
        return wal;
    }
}
