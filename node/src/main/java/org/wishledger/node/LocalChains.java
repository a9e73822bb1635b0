package org.wishledger.node;

/**
 * The one rule for "this chain is a local testnet": its id starts with {@value #PREFIX}, which
 * `testnet init` gives every chain it makes. Features meant only for throwaway chains (the faucet, the
 * test-only byzantine node option) check it.
 */
public final class LocalChains {
    public static final String PREFIX = "wishledger-local-";

    private LocalChains() {
    }

    public static boolean isLocal(String chainId) {
        return chainId.startsWith(PREFIX);
    }
}
