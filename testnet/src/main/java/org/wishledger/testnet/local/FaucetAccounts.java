package org.wishledger.testnet.local;

import org.wishledger.node.LocalChains;

/**
 * Which genesis account pays each node's faucet (POST /faucet, issue 13). Node i pays from the i-th
 * account counted from the end, so the faucets never share a nonce sequence with each other, and stay
 * clear of account0 (the sample wishes) and the low accounts that tools and tests use first.
 */
public final class FaucetAccounts {
    /** Copied into each node's config folder, so a node home stays self-contained. */
    public static final String KEY_FILE = "faucet_key.json";

    private FaucetAccounts() {
    }

    /** True when every node gets its own faucet account beyond account0, on a local testnet chain id. */
    public static boolean available(String chainId, int nodes, int accounts) {
        return LocalChains.isLocal(chainId) && accounts > nodes;
    }

    public static int accountOf(int node, int accounts) {
        return accounts - 1 - node;
    }
}
