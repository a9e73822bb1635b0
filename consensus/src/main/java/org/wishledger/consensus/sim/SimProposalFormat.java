package org.wishledger.consensus.sim;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.driver.ProposalFormat;
import org.wishledger.consensus.sim.SimMessage.ProposalMsg;

/** The simulator's signed proposal for the consensus driver; its "block" is the value id itself. */
final class SimProposalFormat implements ProposalFormat<ProposalMsg> {
    static final SimProposalFormat INSTANCE = new SimProposalFormat();

    private SimProposalFormat() {
    }

    @Override
    public long height(ProposalMsg p) {
        return p.height();
    }

    @Override
    public int round(ProposalMsg p) {
        return p.round();
    }

    @Override
    public int polRound(ProposalMsg p) {
        return p.polRound();
    }

    @Override
    public ByteString proposer(ProposalMsg p) {
        return p.proposer();
    }

    @Override
    public ProposalMsg signed(ProposalMsg template, Output.BroadcastProposal intent, ByteString proposer,
                              ByteString signature) {
        return new ProposalMsg(intent.height(), intent.round(), intent.polRound(), intent.valueId(), proposer, signature);
    }

    @Override
    public byte[] encode(ProposalMsg p) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 3 * 4 + p.valueId().size() + p.proposer().size()
                + p.signature().size());
        b.putLong(p.height()).putInt(p.round()).putInt(p.polRound());
        for (ByteString part : new ByteString[] {p.valueId(), p.proposer(), p.signature()}) {
            b.putInt(part.size()).put(part.toByteArray());
        }
        return b.array();
    }

    @Override
    public ProposalMsg decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long height = b.getLong();
        int round = b.getInt();
        int polRound = b.getInt();
        return new ProposalMsg(height, round, polRound, part(b), part(b), part(b));
    }

    private static ByteString part(ByteBuffer b) {
        byte[] part = new byte[b.getInt()];
        b.get(part);
        return ByteString.copyFrom(part);
    }
}
