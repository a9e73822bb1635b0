package org.wishledger.consensus.driver;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;
import org.wishledger.consensus.Input.TimeoutElapsed;

/**
 * The core's timeouts on Agrona's {@link DeadlineTimerWheel}: O(1) to schedule and to expire, no
 * allocation per poll. Nothing is ever cancelled: the core ignores timeouts of rounds and heights it has
 * left. Ticks of 2^22 ns (about 4 ms) are far finer than the core's timeouts (hundreds of ms); a timer
 * never fires early, at most one poll late.
 */
final class TimeoutTimers implements DeadlineTimerWheel.TimerHandler {
    private static final long TICK_NANOS = 1L << 22;
    private static final int TICKS_PER_WHEEL = 512; // one turn is about 2 s; longer timers wait in their spoke

    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<TimeoutElapsed> pending = new Long2ObjectHashMap<>();
    private Consumer<TimeoutElapsed> firing;

    TimeoutTimers(long nowNanos) {
        wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, nowNanos, TICK_NANOS, TICKS_PER_WHEEL);
    }

    void schedule(long deadlineNanos, TimeoutElapsed timeout) {
        pending.put(wheel.scheduleTimer(deadlineNanos), timeout);
    }

    /** Hands every timeout due at {@code nowNanos} to {@code sink}, earliest tick first; returns how many. */
    int fireDue(long nowNanos, Consumer<TimeoutElapsed> sink) {
        if (wheel.timerCount() == 0) {
            wheel.currentTickTime(nowNanos); // nothing pending: skip the idle ticks instead of walking them
            return 0;
        }
        firing = sink;
        int fired = 0;
        // One poll examines one tick; a host that slept (the simulator jumps in time) walks the ticks it missed.
        do {
            fired += wheel.poll(nowNanos, this, Integer.MAX_VALUE);
        } while (wheel.timerCount() > 0 && wheel.currentTickTime() <= nowNanos);
        firing = null;
        return fired;
    }

    @Override
    public boolean onTimerExpiry(TimeUnit timeUnit, long now, long timerId) {
        TimeoutElapsed t = pending.remove(timerId);
        if (t != null) {
            firing.accept(t);
        }
        return true;
    }

    int size() {
        return pending.size();
    }
}
