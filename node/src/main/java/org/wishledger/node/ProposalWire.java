package org.wishledger.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import org.wishledger.consensus.Output;
import org.wishledger.consensus.driver.ProposalFormat;
import org.wishledger.ledger.proto.Proposal;

/** The node's signed proposal for the consensus driver: the protobuf {@link Proposal} with its block. */
final class ProposalWire implements ProposalFormat<Proposal> {
    static final ProposalWire INSTANCE = new ProposalWire();

    private ProposalWire() {
    }

    @Override
    public long height(Proposal p) {
        return p.getHeight();
    }

    @Override
    public int round(Proposal p) {
        return p.getRound();
    }

    @Override
    public int polRound(Proposal p) {
        return p.getPolRound();
    }

    @Override
    public ByteString proposer(Proposal p) {
        return p.getProposer();
    }

    @Override
    public Proposal signed(Proposal template, Output.BroadcastProposal intent, ByteString proposer, ByteString signature) {
        return Proposal.newBuilder()
                .setHeight(intent.height())
                .setRound(intent.round())
                .setPolRound(intent.polRound())
                .setBlock(template.getBlock())
                .setProposer(proposer)
                .setSignature(signature)
                .build();
    }

    @Override
    public byte[] encode(Proposal p) {
        return p.toByteArray();
    }

    @Override
    public Proposal decode(byte[] bytes) throws IOException {
        try {
            return Proposal.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("not a Proposal: " + e.getMessage(), e);
        }
    }
}
