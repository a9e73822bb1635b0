package org.wishledger.p2p;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.wishledger.ledger.proto.PeerMessage;

/** Records every event a PeerManager reports, in order, for assertions. */
public class RecordingListener implements PeerListener {
    public record Received(PeerId peer, PeerMessage message) {
    }

    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<Received> messages = new CopyOnWriteArrayList<>();

    @Override
    public void onPeerConnected(PeerId peer) {
        events.add("connected " + peer);
    }

    @Override
    public void onMessage(PeerId peer, PeerMessage message) {
        messages.add(new Received(peer, message));
    }

    @Override
    public void onPeerDisconnected(PeerId peer) {
        events.add("disconnected " + peer);
    }

    public long count(String event) {
        return events.stream().filter(e -> e.equals(event)).count();
    }
}
