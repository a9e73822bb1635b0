package org.wishledger.ledger.anon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.wishledger.ledger.crypto.EdwardsPoint;
import org.wishledger.ledger.crypto.ristretto.HashToPoint;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;

/**
 * Keys for the empty slots of a bucket sealed by timeout: hash-to-point of (chain id, denomination,
 * bucket id, slot), so anyone can recompute them and nobody knows a secret for them (they can never be
 * spent, and a spender's ring still has exactly N members).
 */
public final class BucketFiller {
    static final String DOMAIN = "wishledger/anon/filler/v1";

    private BucketFiller() {
    }

    public static byte[] fillerKey(Ristretto255 group, String chainId, int denom, long bucketId, int slot) {
        EdwardsPoint p = new EdwardsPoint();
        byte[] where = ByteBuffer.allocate(16).putInt(denom).putLong(bucketId).putInt(slot).array();
        HashToPoint.hash(group, DOMAIN, new byte[][] {chainId.getBytes(StandardCharsets.UTF_8), where}, p);
        return group.encode(p);
    }
}
