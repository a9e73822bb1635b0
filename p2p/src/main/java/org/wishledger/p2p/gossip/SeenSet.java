package org.wishledger.p2p.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.wishledger.ledger.ByteKey;

/**
 * "Have I seen this hash lately?" — bounded by count and by age, so memory is fixed however fast
 * txs or votes arrive. Entries leave oldest-first (insertion order) when the set is full or when they
 * are older than the time-to-live; seeing an entry again does not extend its life, so a hash that
 * keeps circulating is re-checked at most once per TTL. Thread-safe (one lock; operations are O(1)).
 * The set keeps the hash arrays it is given (no copy): callers hand over arrays they no longer change.
 */
public final class SeenSet {
    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<ByteKey, Long> entries;

    public SeenSet(int capacity, long ttlMillis) {
        this(capacity, ttlMillis, System::nanoTime);
    }

    public SeenSet(int capacity, long ttlMillis, LongSupplier nanoClock) {
        if (capacity <= 0 || ttlMillis <= 0) {
            throw new IllegalArgumentException("capacity and ttl must be positive");
        }
        this.capacity = capacity;
        this.ttlNanos = ttlMillis * 1_000_000L;
        this.clock = nanoClock;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1);
    }

    /** Records the hash; returns true if it was not already in the set (i.e. this is news). */
    public synchronized boolean add(byte[] hash) {
        long now = clock.getAsLong();
        expire(now);
        ByteKey key = ByteKey.wrap(hash);
        if (entries.containsKey(key)) {
            return false;
        }
        entries.put(key, now);
        if (entries.size() > capacity) {
            Iterator<ByteKey> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    public synchronized boolean contains(byte[] hash) {
        expire(clock.getAsLong());
        return entries.containsKey(ByteKey.wrap(hash));
    }

    public synchronized int size() {
        return entries.size();
    }

    private void expire(long now) {
        Iterator<Map.Entry<ByteKey, Long>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue() < ttlNanos) {
                return; // insertion order = age order: the rest are younger
            }
            it.remove();
        }
    }
}
