package org.wishledger.testnet.cluster;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.WishView;
import org.wishledger.client.proto.WishesResponse;

/** Reads a node's whole wish list through the paged RPC. */
final class ClusterAssertions {
    private ClusterAssertions() {
    }

    static Set<String> allWishIds(RpcClient rpc) throws IOException {
        Set<String> ids = new HashSet<>();
        WishesResponse page = rpc.wishes(0, null, 500);
        while (true) {
            for (WishView w : page.getWishesList()) {
                if (!ids.add(w.getId())) {
                    throw new AssertionError("wish " + w.getId() + " listed twice by " + rpc.baseUrl());
                }
            }
            if (!page.getMore()) {
                return ids;
            }
            page = rpc.wishes(page.getNextAfterHeight(), page.getNextAfterIndex(), 500);
        }
    }
}
