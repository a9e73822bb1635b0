package org.wishledger.consensus.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Messages of heights this process has not reached yet (a peer that decided first already votes there).
 * Bounded in heights and in total count; released when their height starts, dropped when it is skipped.
 */
final class FutureHeightBuffer<P> {
    private final int heightWindow;
    private final int maxEvents;
    private final TreeMap<Long, List<Event<P>>> byHeight = new TreeMap<>();
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
    }

    /** Removes and returns the messages of {@code height} (empty if none); those of lower heights are dropped. */
    List<Event<P>> release(long height) {
        var older = byHeight.headMap(height, true);
        List<Event<P>> released = older.remove(height);
        for (List<Event<P>> dropped : older.values()) {
            count -= dropped.size();
        }
        older.clear();
        if (released == null) {
            return List.of();
        }
        count -= released.size();
        return released;
    }

    void clear() {
        byHeight.clear();
        count = 0;
    }

    int size() {
        return count;
    }
}
