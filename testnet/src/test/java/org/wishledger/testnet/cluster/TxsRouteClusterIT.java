package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wishledger.client.ProtoJson;
import org.wishledger.client.TxBuilder;
import org.wishledger.client.proto.FaucetResponse;
import org.wishledger.client.proto.RpcError;
import org.wishledger.client.proto.TxSubmitResponse;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.node.rpc.HttpStatusOf;
import org.wishledger.testnet.local.TestnetSpec;

/**
 * Issue 13: POST /txs answers every hostile tx with the code the native port gives the same bytes, commits a
 * valid one, and the local testnet's faucet funds a brand-new key (once per address per minute).
 */
@Tag("cluster")
class TxsRouteClusterIT {
    private static final long SEED = 1313;
    private static final int TARGET = 1;

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void postTxsAnswersLikeTheNativePortAndTheFaucetFundsANewKey() throws Exception {
        LocalCluster cluster = clusters.start(TestnetSpec.defaults(4, 8).withKeySeed(SEED)
                .withChainId("wishledger-local-it" + SEED).withScoringNodes(0));
        String rpc = cluster.rpc(TARGET).baseUrl();
        try (ClusterTraffic traffic = new ClusterTraffic(cluster, SEED)) {
            // --- hostile bytes: the same code on both ports ---
            byte[] junk = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
            assertError(post(rpc + "/txs", junk), 400, ErrorCode.MALFORMED, "junk body");

            Tx junkBody = Tx.newBuilder().setBodyBytes(ByteString.copyFrom(junk)).setSignature(ByteString.copyFrom(new byte[64])).build();
            sameOnBothPorts(traffic, rpc, junkBody, ErrorCode.MALFORMED, "body_bytes not a TxBody");

            Tx forged = traffic.nextWish(1);
            byte[] sig = forged.getSignature().toByteArray();
            sig[7] ^= 0x20;
            sameOnBothPorts(traffic, rpc, forged.toBuilder().setSignature(ByteString.copyFrom(sig)).build(),
                    ErrorCode.BAD_SIGNATURE, "bad signature");

            KeyPair account2 = traffic.account(2);
            Tx otherChain = new TxBuilder("some-other-chain", traffic.builder().params())
                    .wish(account2, 0, Wish.newBuilder().setScenario("s").setDesired("d").build());
            sameOnBothPorts(traffic, rpc, otherChain, ErrorCode.WRONG_CHAIN, "tx for another chain");

            int maxTx = traffic.builder().params().maxTxBytes();
            Tx oversize = traffic.builder().wish(account2, 0, Wish.newBuilder().setScenario("s")
                    .setDesired("x".repeat(maxTx)).build());
            sameOnBothPorts(traffic, rpc, oversize, ErrorCode.TOO_LARGE, "tx over max_tx_bytes");
            assertError(post(rpc + "/txs", new byte[(1 << 20) + 1]), 413, ErrorCode.TOO_LARGE, "body over 1 MiB");
            assertError(post(rpc + "/txs?wait=soon", traffic.nextWish(3).toByteArray()), 400, ErrorCode.BAD_REQUEST, "bad wait");

            // --- a valid tx commits, and its replay is refused as on the native port ---
            Tx valid = traffic.nextWish(0);
            HttpResponse<String> ok = post(rpc + "/txs?wait=committed&timeout_ms=8000", valid.toByteArray());
            assertEquals(200, ok.statusCode(), ok.body());
            TxSubmitResponse committed = ProtoJson.parse(ok.body(), TxSubmitResponse.newBuilder()).build();
            assertEquals("committed", committed.getStatus());
            assertEquals(Hex.encode(Hashes.txHash(valid)), committed.getHash());
            assertTrue(committed.getHeight() > 0);
            // another node may commit that height a moment later: wait for it, with a deadline
            long servedAt = Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> cluster.rpc(0).wish(Hashes.txHash(valid)).getHeight(), h -> h > 0);
            assertEquals(committed.getHeight(), servedAt, "another node serves the wish at the same height");
            ErrorCode replay = error(post(rpc + "/txs", valid.toByteArray())).getCode();
            assertTrue(replay == ErrorCode.DUPLICATE || replay == ErrorCode.BAD_NONCE, "replay answered " + replay);

            // --- the faucet funds a key nobody has used, once per address per interval ---
            KeyPair fresh = KeyPair.fromSeed(ByteBuffer.allocate(32).putLong(0, SEED).array());
            String address = fresh.publicKey().addressHex();
            HttpResponse<String> granted = postJson(rpc + "/faucet", "{\"address\": \"" + address + "\"}");
            assertEquals(200, granted.statusCode(), granted.body());
            FaucetResponse grant = ProtoJson.parse(granted.body(), FaucetResponse.newBuilder()).build();
            assertTrue(grant.getAmount() > 0 && grant.getHeight() > 0, grant.toString());
            assertEquals(grant.getAmount(), cluster.rpc(TARGET).account(fresh.address()).getBalance());
            assertError(postJson(rpc + "/faucet", "{\"address\": \"" + address + "\"}"), 503, ErrorCode.UNAVAILABLE,
                    "second grant within the interval");
            assertError(postJson(rpc + "/faucet", "{\"address\": \"abcd\"}"), 400, ErrorCode.INVALID_FIELD, "short address");
            assertError(postJson(rpc + "/faucet", "{\"adress\": \"" + address + "\"}"), 400, null, "misspelled field");

            // the funded key posts its first wish over HTTP
            Tx first = traffic.builder().wish(fresh, 0, Wish.newBuilder().setScenario("a browser user's first wish")
                    .setDesired("answer plainly").setBurn(100).build());
            HttpResponse<String> posted = post(rpc + "/txs?wait=committed", first.toByteArray());
            assertEquals(200, posted.statusCode(), posted.body());

            // --- the web app is served at / ---
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(rpc + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            HttpResponse<String> escape = http.send(HttpRequest.newBuilder(URI.create(rpc + "/web/..%2Fnode.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, escape.statusCode(), escape.body());
        }
    }

    private void sameOnBothPorts(ClusterTraffic traffic, String rpc, Tx tx, ErrorCode expected, String what)
            throws Exception {
        ClientResponse nativeAnswer = traffic.submit(TARGET, tx, WaitFor.ACCEPTED).answer().get();
        assertTrue(nativeAnswer.hasRejected(), what + " on the native port: " + nativeAnswer);
        assertEquals(expected, nativeAnswer.getRejected().getCode(), what + " on the native port");
        RpcError viaHttp = assertError(post(rpc + "/txs", tx.toByteArray()), HttpStatusOf.code(expected).code(), expected, what + " over POST /txs");
        assertTrue(viaHttp.getMessage().startsWith(nativeAnswer.getRejected().getMessage()),
                what + ": HTTP says '" + viaHttp.getMessage() + "', native '" + nativeAnswer.getRejected().getMessage() + "'");
    }

    private HttpResponse<String> post(String url, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("content-type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RpcError assertError(HttpResponse<String> r, int status, ErrorCode code, String what) throws Exception {
        assertEquals(status, r.statusCode(), what + ": " + r.body());
        RpcError e = error(r);
        if (code != null) {
            assertEquals(code, e.getCode(), what + ": " + r.body());
        }
        assertTrue(!e.getMessage().isEmpty(), what + ": an error says why");
        return e;
    }

    private static RpcError error(HttpResponse<String> r) throws Exception {
        return ProtoJson.parse(r.body(), RpcError.newBuilder()).build();
    }
}
