package org.wishledger.node;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.wishledger.client.TxBuilder;
import org.wishledger.client.proto.FaucetResponse;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.node.rpc.SubmitAnswers;

/**
 * POST /faucet on a local testnet: pays a fixed amount from one funded genesis account to whoever asks,
 * so a key made in a browser can post its first wish. Grants run one at a time (the faucet account's
 * nonce is a sequence) and each waits for its commit, so the next grant reads the right nonce from the
 * store. An address gets one grant per {@link #PER_ADDRESS_INTERVAL_MS}.
 */
final class Faucet {
    /** Enough for about a thousand wishes at the default fee rule, with burn to spare. */
    static final long AMOUNT = 10_000_000L;
    static final long PER_ADDRESS_INTERVAL_MS = 60_000;
    private static final long COMMIT_WAIT_MS = 8_000;
    /** Addresses remembered for rate limiting; older entries are dropped beyond this (bounded memory). */
    private static final int MAX_REMEMBERED = 100_000;

    private final KeyPair key;
    private final TxBuilder builder;
    private final Function<byte[], java.util.Optional<Account>> accounts;
    private final BiFunction<Tx, WaitFor, CompletionStage<ClientResponse>> submit;
    private final LongSupplier clock;
    private final Map<ByteKey, Long> lastGrant = new HashMap<>();

    Faucet(KeyPair key, TxBuilder builder, Function<byte[], java.util.Optional<Account>> accounts,
            BiFunction<Tx, WaitFor, CompletionStage<ClientResponse>> submit, LongSupplier clock) {
        if (!LocalChains.isLocal(builder.chainId())) {
            throw new IllegalArgumentException("a faucet runs only on a local testnet (chain id " + LocalChains.PREFIX
                    + "...), not on '" + builder.chainId() + "'");
        }
        this.key = key;
        this.builder = builder;
        this.accounts = accounts;
        this.submit = submit;
        this.clock = clock;
    }

    synchronized FaucetResponse grant(byte[] address) throws Rejection {
        ByteKey who = ByteKey.wrap(address.clone());
        long now = clock.getAsLong();
        Long last = lastGrant.get(who);
        if (last != null && now - last < PER_ADDRESS_INTERVAL_MS) {
            throw new Rejection(ErrorCode.UNAVAILABLE, "this address was funded " + (now - last) / 1000
                    + " s ago; the faucet pays each address once per " + PER_ADDRESS_INTERVAL_MS / 1000 + " s");
        }
        long nonce = accounts.apply(key.publicKey().address()).map(Account::getNonce).orElse(0L);
        Tx tx = builder.transfer(key, nonce, address, AMOUNT);
        ClientResponse answer = SubmitAnswers.await(submit.apply(tx, WaitFor.COMMITTED), COMMIT_WAIT_MS);
        if (lastGrant.size() >= MAX_REMEMBERED) {
            lastGrant.clear();
        }
        lastGrant.put(who, now);
        return FaucetResponse.newBuilder()
                .setAddress(Hex.encode(address))
                .setAmount(AMOUNT)
                .setHash(Hex.encode(answer.getCommitted().getHash().toByteArray()))
                .setHeight(answer.getCommitted().getHeight())
                .build();
    }
}
