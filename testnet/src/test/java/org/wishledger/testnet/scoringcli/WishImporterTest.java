package org.wishledger.testnet.scoringcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Committed;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Rejected;
import org.wishledger.ledger.proto.SubmitTx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.p2p.client.ClientServer;
import org.wishledger.p2p.client.ClientServerConfig;
import org.wishledger.client.NativeClient;
import org.wishledger.rules.ChainParams;
import org.wishledger.scoring.data.WishDraft;
import org.wishledger.client.Wallet;
import org.wishledger.client.TxBuilder;

/** The import's txs over a real native-protocol server on loopback that records them and answers per tx. */
class WishImporterTest {
    private static final String CHAIN = "scli-test";

    @Test
    void signsContiguousNoncesSkipsUnfitDraftsAndCountsAnswersByCode() throws Exception {
        KeyPair key = KeyPair.fromSeed(new byte[32]);
        ChainParams params = ChainParams.DEFAULTS;
        List<WishDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            drafts.add(new WishDraft("scenario " + i, "desired " + i, i % 2 == 0 ? "undesired " + i : null, "en",
                    List.of("t"), 100 + i, null));
        }
        drafts.set(5, new WishDraft("s", "x".repeat(params.maxTextBytes() + 1), null, null, List.of(), 1, null));
        drafts.set(17, new WishDraft("s", "", null, null, List.of(), 1, null));
        List<SubmitTx> received = new CopyOnWriteArrayList<>();
        // The server rejects the tx whose wish says "desired 33" (as a node would, say, for funds).
        try (ClientServer node = new ClientServer(ClientServerConfig.defaults("127.0.0.1", 0), request -> {
            received.add(request.getSubmit());
            ByteString hash = ByteString.copyFrom(Hashes.txHash(request.getSubmit().getTx()));
            try {
                TxBody body = TxBody.parseFrom(request.getSubmit().getTx().getBodyBytes());
                if (body.getWish().getDesired().equals("desired 33")) {
                    return CompletableFuture.completedFuture(ClientResponse.newBuilder().setRejected(Rejected
                            .newBuilder().setHash(hash).setCode(ErrorCode.INSUFFICIENT_FUNDS).setMessage("poor")).build());
                }
                return CompletableFuture.completedFuture(ClientResponse.newBuilder().setCommitted(Committed.newBuilder()
                        .setHash(hash).setHeight(10 + body.getNonce() / 8).setIndex(0)).build());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }).start();
             NativeClient client = NativeClient.connect("127.0.0.1", node.address().getPort())) {
            Wallet wallet = new Wallet(key, new TxBuilder(CHAIN, params), 7);
            List<String> lines = new CopyOnWriteArrayList<>();
            ImportSummary s = new WishImporter(wallet, client, new WishImporter.Options(WaitFor.COMMITTED,
                    Duration.ofSeconds(20), 4, true)).submitAll(drafts, new Progress("done", drafts.size(), lines::add, 0));

            assertEquals(40, s.read());
            assertEquals(38, s.submitted());
            assertEquals(37, s.committed());
            assertEquals(Map.of(ErrorCode.INSUFFICIENT_FUNDS, 1), s.rejected());
            assertEquals(Map.of(ErrorCode.TOO_LARGE, 1, ErrorCode.EMPTY_FIELD, 1), s.skipped());
            assertEquals(10 + 7 / 8, s.firstHeight());
            assertEquals(10 + 44 / 8, s.lastHeight());
            assertTrue(s.problems().stream().anyMatch(p -> p.startsWith("wish 6 skipped: TOO_LARGE")), s.problems().toString());
            assertTrue(s.problems().stream().anyMatch(p -> p.startsWith("wish 34 rejected: INSUFFICIENT_FUNDS")));
            assertEquals(45, wallet.peekNonce(), "skipped drafts take no nonce");
            assertEquals("done 40/40 (", lines.get(lines.size() - 1).substring(0, 12));

            assertEquals(38, received.size());
            List<Long> nonces = new ArrayList<>();
            for (SubmitTx sub : received) {
                assertEquals(WaitFor.COMMITTED, sub.getWait());
                TxBody body = TxBody.parseFrom(sub.getTx().getBodyBytes());
                assertEquals(CHAIN, body.getChainId());
                assertTrue(key.publicKey().verify(sub.getTx().getBodyBytes().toByteArray(),
                        sub.getTx().getSignature().toByteArray()), "a real Ed25519 signature over the body");
                assertTrue(body.getFee() >= params.requiredFee(sub.getTx().getSerializedSize()));
                int i = Integer.parseInt(body.getWish().getDesired().substring("desired ".length()));
                assertEquals("scenario " + i, body.getWish().getScenario());
                assertEquals(100 + i, body.getWish().getBurn());
                assertEquals(i % 2 == 0, !body.getWish().getUndesired().isEmpty());
                nonces.add(body.getNonce());
            }
            nonces.sort(null);
            List<Long> expected = new ArrayList<>();
            for (long n = 7; n < 45; n++) {
                expected.add(n);
            }
            assertEquals(expected, nonces, "contiguous nonces from the account's next one");
        }
    }
}
