package org.wishledger.consensus;

import com.google.protobuf.ByteString;

/**
 * TEST ONLY: Algorithm 1 with the locking rule of lines 23 and 29 removed — a locked validator prevotes
 * any valid proposal. This is the classic way to lose agreement; the simulator must catch it.
 */
public final class BrokenLockCore extends ConsensusCore {
    public BrokenLockCore(ByteString self, Timeouts timeouts) {
        super(self, timeouts);
    }

    @Override
    protected boolean lockAllowsPrevote(ByteString v, int vr) {
        return true;
    }
}
