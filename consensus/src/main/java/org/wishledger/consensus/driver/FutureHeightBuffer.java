package org.wishledger.consensus.driver;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Messages of heights this process has not reached yet (a peer that decided first already votes there).
 * Bounded in heights and in total count; released when their height starts, dropped when it is skipped.
 * It also knows which validators the held votes come from, so that "peers are ahead" can be required of
 * more than one third of the power: one Byzantine validator voting at made-up heights must not be able
 * to send this process into block sync again and again.
 */
final class FutureHeightBuffer<P> {
    private final int heightWindow;
    private final int maxEvents;
    private final TreeMap<Long, List<Event<P>>> byHeight = new TreeMap<>();
    /** Validator address -> votes of it held here. */
    private final Map<ByteString, Integer> voteSenders = new HashMap<>();
    private int count;

    FutureHeightBuffer(int heightWindow, int maxEvents) {
        this.heightWindow = heightWindow;
        this.maxEvents = maxEvents;
    }

    /** Keeps {@code event} of {@code height} (> current) unless it is too far ahead or the buffer is full. */
    void offer(long currentHeight, long height, Event<P> event) {
        if (height > currentHeight + heightWindow || count >= maxEvents) {
            return;
        }
        byHeight.computeIfAbsent(height, h -> new ArrayList<>()).add(event);
        count++;
        if (event instanceof Event.VoteArrived<P> v) {
            voteSenders.merge(v.vote().getValidator(), 1, Integer::sum);
        }
    }

    /** Removes and returns the messages of {@code height} (empty if none); those of lower heights are dropped. */
    List<Event<P>> release(long height) {
        var older = byHeight.headMap(height, true);
        List<Event<P>> released = older.remove(height);
        for (List<Event<P>> dropped : older.values()) {
            forget(dropped);
        }
        older.clear();
        if (released == null) {
            return List.of();
        }
        forget(released);
        return released;
    }

    private void forget(List<Event<P>> events) {
        count -= events.size();
        for (Event<P> e : events) {
            if (e instanceof Event.VoteArrived<P> v) {
                voteSenders.computeIfPresent(v.vote().getValidator(), (a, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    void clear() {
        byHeight.clear();
        voteSenders.clear();
        count = 0;
    }

    /** The validators whose votes are held. */
    Set<ByteString> voteSenders() {
        return voteSenders.keySet();
    }

    int size() {
        return count;
    }
}
