package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.wishledger.consensus.privval.MessageSigner;
import org.wishledger.ledger.SignBytes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.Vote;
import org.wishledger.ledger.proto.VoteType;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerSender;
import org.wishledger.p2p.SendResult;

class ByzantineGossipTest {
    private final KeyPair key = KeyPair.fromSeed(new byte[32]);
    private final List<PeerMessage> sent = new ArrayList<>();
    private final PeerSender peers = new PeerSender() {
        @Override
        public SendResult send(PeerId peer, PeerMessage message) {
            sent.add(message);
            return null;
        }

        @Override
        public int broadcast(PeerMessage message, Predicate<PeerId> filter) {
            sent.add(message);
            return 1;
        }

        @Override
        public Set<PeerId> peers() {
            return Set.of();
        }
    };

    @Test
    void refusedUnlessTheChainIsALocalTestnet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByzantineGossip.forChain("EQUIVOCATE_VOTES", peers, "wishledger-main", MessageSigner.ed25519(key)));
        assertTrue(e.getMessage().contains("refused on chain wishledger-main"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ByzantineGossip.forChain("BOGUS", peers, "wishledger-local-1", MessageSigner.ed25519(key)));
        assertSame(ConsensusGossip.class, ByzantineGossip.forChain("", peers, "wishledger-main",
                MessageSigner.ed25519(key)).getClass());
    }

    @Test
    void anEquivocatingValidatorSendsTwoValidlySignedConflictingVotes() {
        String chain = "wishledger-local-test";
        ConsensusGossip g = ByzantineGossip.forChain("equivocate-votes", peers, chain, MessageSigner.ed25519(key));
        ByteString block = ByteString.copyFrom(new byte[32]);
        Vote honest = Vote.newBuilder().setType(VoteType.PREVOTE).setHeight(5).setRound(1).setBlockId(block)
                .setValidator(ByteString.copyFrom(key.address()))
                .setSignature(ByteString.copyFrom(key.sign(SignBytes.vote(chain, VoteType.PREVOTE, 5, 1, block)))).build();
        g.publishVote(honest);
        assertEquals(2, sent.size());
        Vote twin = sent.get(1).getVote();
        assertEquals(honest.getHeight(), twin.getHeight());
        assertEquals(honest.getRound(), twin.getRound());
        assertNotEquals(honest.getBlockId(), twin.getBlockId());
        assertTrue(key.publicKey().verify(SignBytes.vote(chain, twin), twin.getSignature().toByteArray()));
    }
}
