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
     * outputs of the replay in order; the host must not re-sign them blindly — the sign-state guard
     * refuses all but a resend of the very last signed message, which is exactly the one that may not
     * have left the process. Returns an empty list (and leaves the core untouched) when the WAL has
     * nothing for that height: the host then starts it with a NewHeight as usual.
     */
    public List<Output> replay(long height) throws IOException {
        List<Output> outputs = new ArrayList<>();
        for (Input input : wal.replay(height)) {
            outputs.addAll(core.apply(input));
        }
        return outputs;
    }

    public ConsensusCore core() {
        return core;
    }

    public ConsensusWal wal() {
        return wal;
    }
}
