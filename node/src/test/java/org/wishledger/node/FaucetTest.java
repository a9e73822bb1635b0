package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.wishledger.client.TxBuilder;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Committed;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.rules.ChainParams;

/** The faucet's own rules: local chains only, one grant per address per interval, nonces in sequence. */
class FaucetTest {
    private static final KeyPair FAUCET = key(1);
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<Tx> sent = new ArrayList<>();
    private long committedNonce;

    private Faucet faucet(String chainId) {
        return new Faucet(FAUCET, new TxBuilder(chainId, ChainParams.DEFAULTS),
                address -> Optional.of(Account.newBuilder().setBalance(1L << 50).setNonce(committedNonce).build()),
                (tx, wait) -> {
                    sent.add(tx);
                    committedNonce++;
                    return CompletableFuture.completedFuture(ClientResponse.newBuilder().setCommitted(Committed.newBuilder()
                            .setHash(ByteString.copyFrom(Hashes.txHash(tx))).setHeight(7)).build());
                }, now::get);
    }

    @Test
    void refusesAnyChainThatIsNotALocalTestnet() {
        assertThrows(IllegalArgumentException.class, () -> faucet("wishledger-main"));
        assertThrows(IllegalArgumentException.class, () -> faucet("wishledger-it-5"));
    }

    @Test
    void paysEachAddressOncePerIntervalWithConsecutiveNonces() throws Exception {
        Faucet f = faucet(LocalChains.PREFIX + "abc");
        byte[] alice = key(2).address();
        byte[] bob = key(3).address();
        assertEquals(Faucet.AMOUNT, f.grant(alice).getAmount());
        Rejection again = assertThrows(Rejection.class, () -> f.grant(alice));
        assertEquals(ErrorCode.UNAVAILABLE, again.code());
        assertTrue(again.getMessage().contains("once per"), again.getMessage());
        f.grant(bob);
        now.addAndGet(Faucet.PER_ADDRESS_INTERVAL_MS);
        f.grant(alice);
        assertEquals(3, sent.size());
        for (int i = 0; i < sent.size(); i++) {
            TxBody body = TxBody.parseFrom(sent.get(i).getBodyBytes());
            assertEquals(i, body.getNonce(), "grant " + i);
            assertEquals(Faucet.AMOUNT, body.getTransfer().getAmount());
        }
    }

    private static KeyPair key(long n) {
        return KeyPair.fromSeed(ByteBuffer.allocate(32).putLong(0, n).array());
    }
}
