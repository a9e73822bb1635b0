package org.wishledger.client;

import java.io.IOException;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.client.proto.AccountView;
import org.wishledger.client.TxBuilder;

/**
 * What a client needs to build valid txs for a chain: its id and fee rule (from the genesis) and the
 * signer's next nonce (from the RPC). Nonces are handed out locally after the first fetch, so a batch
 * of txs from one key can be pipelined.
 */
public final class Wallet {
    private final KeyPair key;
    private final TxBuilder builder;
    private long nextNonce;

    public Wallet(KeyPair key, TxBuilder builder, long nextNonce) {
        this.key = key;
        this.builder = builder;
        this.nextNonce = nextNonce;
    }

    public static TxBuilder txBuilder(Genesis genesis) {
        return TxBuilder.forGenesis(genesis);
    }

    /** A wallet for {@code key}, with chain id, params and the committed nonce read over RPC. */
    public static Wallet open(KeyPair key, RpcClient rpc) throws IOException {
        Genesis genesis = rpc.genesis();
        AccountView account = rpc.account(key.address());
        return new Wallet(key, txBuilder(genesis), account.getNonce());
    }

    public KeyPair key() {
        return key;
    }

    public TxBuilder builder() {
        return builder;
    }

    /** The nonce for the next tx; each call takes one. */
    public long takeNonce() {
        return nextNonce++;
    }

    public long peekNonce() {
        return nextNonce;
    }
}
