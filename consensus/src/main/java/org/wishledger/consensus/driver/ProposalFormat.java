package org.wishledger.consensus.driver;

import com.google.protobuf.ByteString;
import java.io.IOException;
import org.wishledger.consensus.Output;

/**
 * How the driver reads and makes the host's signed-proposal messages: the node's protobuf Proposal (with
 * its block), the simulator's record. Keeps the driver free of wire formats.
 */
public interface ProposalFormat<P> {
    long height(P proposal);

    int round(P proposal);

    int polRound(P proposal);

    ByteString proposer(P proposal);

    /** The signed proposal for {@code intent}, carrying the block of {@code template} (any proposal of that block). */
    P signed(P template, Output.BroadcastProposal intent, ByteString proposer, ByteString signature);

    /** The bytes the WAL keeps of a proposal (block included), so a restarted validator still holds it. */
    byte[] encode(P proposal);

    P decode(byte[] bytes) throws IOException;
}
