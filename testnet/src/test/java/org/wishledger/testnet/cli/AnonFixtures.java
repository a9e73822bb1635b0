package org.wishledger.testnet.cli;

import com.google.protobuf.ByteString;
import java.util.Random;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.proto.AnonBucket;

/** Sealed buckets for the anon CLI tests (the fake RPC backend serves them). */
final class AnonFixtures {
    private AnonFixtures() {
    }

    /** A full bucket 0 sealed at height 2 holding {@code noteKey} at {@code slot}, random keys elsewhere. */
    static AnonBucket sealedBucketHolding(AnonKeys keys, int denom, byte[] noteKey, int slot, int depositors, long seed) {
        byte[] all = new byte[32 * 1024];
        Random random = new Random(seed);
        for (int s = 0; s < 1024; s++) {
            System.arraycopy(s == slot ? noteKey : keys.noteKey(AnonKeys.newSecret(random)), 0, all, 32 * s, 32);
        }
        return AnonBucket.newBuilder().setDenom(denom).setBucketId(0).setKeys(ByteString.copyFrom(all))
                .setDeposits(1024).setOpenedHeight(1).setSealedHeight(2).setDistinctDepositors(depositors)
                .setHash(ByteString.copyFrom(Ring.hashOf(denom, 0, all))).build();
    }
}
