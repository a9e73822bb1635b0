package org.wishledger.client.anon;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.Optional;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.AnonBucketView;
import org.wishledger.client.proto.AnonBucketsResponse;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.proto.AnonBucket;

/** Buckets of anonymous notes as a prover needs them (keys included), read over a node's RPC. */
public final class AnonBuckets {
    private AnonBuckets() {
    }

    /** The newest buckets of a denomination (at most 100, newest first), without keys. */
    public static AnonBucketsResponse list(RpcClient rpc, int denom) throws IOException {
        return rpc.get("/anon/buckets?denom=" + denom, AnonBucketsResponse.newBuilder());
    }

    /** One bucket with its keys (the ring of a sealed bucket). */
    public static AnonBucket fetch(RpcClient rpc, int denom, long bucketId) throws IOException {
        return toBucket(rpc.get("/anon/bucket?denom=" + denom + "&id=" + bucketId + "&keys=true", AnonBucketView.newBuilder()));
    }

    /** The bucket holding {@code noteKey}, searched among the newest buckets of the denomination. */
    public static Optional<AnonBucket> holding(RpcClient rpc, int denom, byte[] noteKey) throws IOException {
        String key = Hex.encode(noteKey);
        for (AnonBucketView summary : list(rpc, denom).getBucketsList()) {
            AnonBucketView full = rpc.get("/anon/bucket?denom=" + denom + "&id=" + summary.getBucketId() + "&keys=true",
                    AnonBucketView.newBuilder());
            if (full.getKeysList().contains(key)) {
                return Optional.of(toBucket(full));
            }
        }
        return Optional.empty();
    }

    /** The RPC view back to the state record the prover works on (hex keys to 32-byte slots). */
    static AnonBucket toBucket(AnonBucketView v) {
        byte[] keys = new byte[32 * v.getKeysCount()];
        for (int i = 0; i < v.getKeysCount(); i++) {
            System.arraycopy(Hex.decode(v.getKeys(i)), 0, keys, 32 * i, 32);
        }
        AnonBucket.Builder b = AnonBucket.newBuilder().setDenom(v.getDenom()).setBucketId(v.getBucketId())
                .setKeys(ByteString.copyFrom(keys)).setDeposits(v.getDeposits()).setOpenedHeight(v.getOpenedHeight())
                .setSealedHeight(v.getSealedHeight()).setDistinctDepositors(v.getDistinctDepositors())
                .setSpends(v.getSpends());
        if (!v.getHash().isEmpty()) {
            b.setHash(ByteString.copyFrom(Hex.decode(v.getHash())));
        }
        return b.build();
    }
}
