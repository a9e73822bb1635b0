package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.util.EnumSet;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wishledger.consensus.privval.MessageSigner;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Proposal;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.p2p.PeerSender;

/**
 * TEST ONLY: a validator that misbehaves over real p2p, so cluster tests can show that the honest
 * validators keep committing, agree, and record the equivocation. It signs its distortions with the raw
 * node key, around the sign guard, as a real attacker would; its own consensus still runs honestly (so
 * its attacks land in the live round). Refused unless the chain id marks a local testnet ({@link #forChain}).
 */
final class ByzantineGossip extends ConsensusGossip {
    /** What the validator does wrong; any combination. */
    enum Mode {
        /** every own vote is followed by a conflicting one (same height, round, type; another block or nil) */
        EQUIVOCATE_VOTES,
        /** every own proposal is followed by a second one for another block in the same round */
        DOUBLE_PROPOSE,
        /** sends nothing of its own and relays nothing */
        SILENT,
        /** every own vote is replaced by one for a block id nobody proposed */
        RANDOM_VOTES
    }

    private static final NodeLog LOG = NodeLog.of("byzantine");

    private final EnumSet<Mode> modes;
    private final String chainId;
    private final MessageSigner key;
    private final SplittableRandom random = new SplittableRandom(7);

    private ByzantineGossip(PeerSender peers, EnumSet<Mode> modes, String chainId, MessageSigner key) {
        super(peers);
        this.modes = modes;
        this.chainId = chainId;
        this.key = key;
    }

    /**
     * The gossip for the node's {@code byzantine} option: plain {@link ConsensusGossip} when empty.
     *
     * @throws IllegalArgumentException for an unknown mode, or any mode on a chain that is not a local testnet
     */
    static ConsensusGossip forChain(String option, PeerSender peers, String chainId, MessageSigner key) {
        if (option == null || option.isBlank()) {
            return new ConsensusGossip(peers);
        }
        if (!LocalChains.isLocal(chainId)) {
            throw new IllegalArgumentException("the byzantine option (\"" + option + "\") is refused on chain " + chainId
                    + ": it makes this validator attack its network and is allowed only on local testnets (chain id "
                    + LocalChains.PREFIX + "...); remove it from config/node.json");
        }
        EnumSet<Mode> modes = EnumSet.noneOf(Mode.class);
        for (String part : option.split(",")) {
            try {
                modes.add(Mode.valueOf(part.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown byzantine mode \"" + part.trim() + "\" (one or more of "
                        + java.util.Arrays.toString(Mode.values()) + ")");
            }
        }
        LOG.warn("THIS VALIDATOR IS BYZANTINE (test only)", "modes", modes.toString(), "chain_id", chainId);
        return new ByzantineGossip(peers, modes, chainId, key);
    }

    @Override
    void publishVote(Vote vote) {
        if (modes.contains(Mode.SILENT)) {
            return;
        }
        if (modes.contains(Mode.RANDOM_VOTES)) {
            send(PeerMessage.newBuilder().setVote(resigned(vote, randomId())).build(), null);
            return;
        }
        super.publishVote(vote);
        if (modes.contains(Mode.EQUIVOCATE_VOTES)) {
            ByteString other = vote.getBlockId().isEmpty() ? randomId() : ByteString.EMPTY;
            send(PeerMessage.newBuilder().setVote(resigned(vote, other)).build(), null);
        }
    }

    @Override
    void publishProposal(Proposal proposal) {
        if (modes.contains(Mode.SILENT)) {
            return;
        }
        super.publishProposal(proposal);
        if (modes.contains(Mode.DOUBLE_PROPOSE)) {
            Block block = proposal.getBlock();
            Block twin = block.toBuilder()
                    .setHeader(block.getHeader().toBuilder().setTimeMs(block.getHeader().getTimeMs() + 1))
                    .build();
            ByteString twinId = ByteString.copyFrom(Hashes.blockId(twin));
            byte[] signature = key.sign(SignBytes.proposal(chainId, proposal.getHeight(), proposal.getRound(),
                    proposal.getPolRound(), twinId));
            send(PeerMessage.newBuilder().setProposal(proposal.toBuilder().setBlock(twin)
                    .setSignature(ByteString.copyFrom(signature))).build(), null);
        }
    }

    @Override
    void relayVote(Vote vote, Object peer) {
        if (!modes.contains(Mode.SILENT)) {
            super.relayVote(vote, peer);
        }
    }

    @Override
    void relayProposal(Proposal proposal, Object peer) {
        if (!modes.contains(Mode.SILENT)) {
            super.relayProposal(proposal, peer);
        }
    }

    private Vote resigned(Vote vote, ByteString blockId) {
        byte[] signature = key.sign(SignBytes.vote(chainId, vote.getType(), vote.getHeight(), vote.getRound(), blockId));
        return vote.toBuilder().setBlockId(blockId).setSignature(ByteString.copyFrom(signature)).build();
    }

    private ByteString randomId() {
        byte[] id = new byte[32];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) random.nextInt(256);
        }
        return ByteString.copyFrom(id);
    }
}
