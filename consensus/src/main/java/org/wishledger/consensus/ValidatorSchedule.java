package org.wishledger.consensus;

import java.util.function.LongFunction;

/**
 * The validator set of each height from the first height's: one proposer-priority step per height
 * ({@link Validators#nextHeight()}), so consecutive heights cost O(n) and only a jump (a restart at height
 * h) recomputes from the first set. Owned by one thread.
 */
public final class ValidatorSchedule implements LongFunction<Validators> {
    private final Validators first;
    private Validators last;
    private long lastHeight;

    public ValidatorSchedule(Validators first) {
        this.first = first;
    }

    @Override
    public Validators apply(long height) {
        if (last != null && height == lastHeight + 1) {
            last = last.nextHeight();
        } else if (last == null || height != lastHeight) {
            last = Validators.atHeight(first, 1, height);
        }
        lastHeight = height;
        return last;
    }
}
