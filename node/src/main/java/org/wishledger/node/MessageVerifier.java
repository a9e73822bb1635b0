package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.Proposal;
import org.wishledger.ledger.proto.ValidatorInfo;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.p2p.gossip.SeenSet;
import org.wishledger.node.AgentEvent.VerifiedProposal;
import org.wishledger.node.AgentEvent.VerifiedVote;

/**
 * Checks consensus messages from peers off the consensus thread: the signer must be a validator and
 * the signature must verify over the canonical sign bytes; only then does the message reach the core,
 * which trusts its inputs. A vote or proposal seen before (gossip repeats) is not verified twice.
 */
final class MessageVerifier {
    private static final NodeLog LOG = NodeLog.of("p2p");

    private final String chainId;
    private final Map<ByteString, PublicKey> validatorKeys = new HashMap<>();
    private final Executor executor;
    private final ConsensusAgent agent;
    private final SeenSet seen = new SeenSet(50_000, 60_000);

    MessageVerifier(String chainId, ValidatorSet validators, Executor executor, ConsensusAgent agent) {
        this.chainId = chainId;
        this.executor = executor;
        this.agent = agent;
        for (ValidatorInfo v : validators.getValidatorsList()) {
            validatorKeys.put(v.getAddress(), PublicKey.decode(v.getPubKey().toByteArray()));
        }
    }

    void onVote(Vote vote) {
        byte[] id = vote.getSignature().toByteArray();
        if (seen.contains(id)) {
            return;
        }
        executor.execute(() -> {
            PublicKey key = validatorKeys.get(vote.getValidator());
            if (key == null || !key.verify(SignBytes.vote(chainId, vote), vote.getSignature().toByteArray())) {
                LOG.warn("dropped a vote with an unknown signer or a bad signature", "height", vote.getHeight());
                return;
            }
            if (agent.offer(new VerifiedVote(vote))) {
                seen.add(id); // only once delivered: a vote dropped on a full inbox may come again
            }
        });
    }

    void onProposal(Proposal proposal) {
        byte[] id = proposal.getSignature().toByteArray();
        if (seen.contains(id)) {
            return;
        }
        executor.execute(() -> {
            PublicKey key = validatorKeys.get(proposal.getProposer());
            ByteString blockId = ByteString.copyFrom(Hashes.blockId(proposal.getBlock()));
            byte[] signBytes = SignBytes.proposal(chainId, proposal.getHeight(), proposal.getRound(),
                    proposal.getPolRound(), blockId);
            if (key == null || !key.verify(signBytes, proposal.getSignature().toByteArray())) {
                LOG.warn("dropped a proposal with an unknown signer or a bad signature", "height", proposal.getHeight());
                return;
            }
            if (agent.offer(new VerifiedProposal(proposal, blockId))) {
                seen.add(id);
            }
        });
    }
}
