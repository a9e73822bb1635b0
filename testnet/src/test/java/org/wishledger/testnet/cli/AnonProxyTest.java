package org.wishledger.testnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.client.anon.NoteFile;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.anon.TriptychGenerators;
import org.wishledger.ledger.anon.TriptychParams;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Committed;
import org.wishledger.ledger.proto.SubmitTx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.node.rpc.FakeBackend;
import org.wishledger.node.rpc.RpcConfig;
import org.wishledger.node.rpc.RpcServer;
import org.wishledger.p2p.client.ClientServer;
import org.wishledger.p2p.client.ClientServerConfig;
import org.wishledger.testnet.socks.Danted;

/**
 * `anon wish --proxy`: the spend reaches a real native port through a real SOCKS5 server (danted on
 * loopback), and the node's name is resolved by the proxy, not by the wallet (proxied DNS, as Tor needs).
 */
class AnonProxyTest {
    @Test
    void anonymousWishGoesThroughTheSocks5ProxyWithTheNameResolvedByTheProxy(@TempDir Path dir) throws Exception {
        FakeBackend backend = new FakeBackend(3, 1);
        Path notes = oneNoteInASealedBucket(backend, dir, 12);
        List<SubmitTx> received = new CopyOnWriteArrayList<>();
        try (Danted proxy = Danted.start(dir);
             RpcServer rpc = RpcServer.start(RpcConfig.loopback(0), backend);
             ClientServer node = new ClientServer(ClientServerConfig.defaults("127.0.0.1", 0), request -> {
                 received.add(request.getSubmit());
                 return CompletableFuture.completedFuture(ClientResponse.newBuilder().setCommitted(Committed.newBuilder()
                         .setHash(ByteString.copyFrom(Hashes.txHash(request.getSubmit().getTx()))).setHeight(4)).build());
             }).start()) {
            int nodePort = node.address().getPort();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            // "localhost", not 127.0.0.1: the name must reach the proxy as a name
            int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute("anon", "wish",
                    "--node", "localhost:" + nodePort, "--proxy", proxy.address().toString(), "--rpc", rpc.url(),
                    "--notes", notes.toString(), "--denom", "6", "--scenario", "s", "--desired", "through the proxy",
                    "--no-delay");
            assertEquals(0, code, "anon wish via the proxy: " + err + out + "\n" + proxy.log());

            assertEquals(1, received.size(), "the node received the spend");
            TxBody body = TxBody.parseFrom(received.get(0).getTx().getBodyBytes());
            assertEquals("through the proxy", body.getAnonWish().getWish().getDesired());
            assertTrue(NoteFile.read(notes).get(0).spent(), "marked spent after the node's answer");
            String log = proxy.log();
            // SOCKS5 address type 3 = a domain name: the wallet did not resolve the node's name itself
            assertTrue(log.contains("ATYP: 3 address: localhost." + nodePort), "danted got the name:\n" + log);
            // and danted itself connected to the node's native port
            assertTrue(log.contains("tcp/connect") && log.contains("127.0.0.1." + nodePort),
                    "danted relayed a TCP connection to the node's port " + nodePort + ":\n" + log);
        }
    }

    @Test
    void aProxyThatIsNotThereIsAClearErrorAndTheNoteStaysUnspent(@TempDir Path dir) throws Exception {
        FakeBackend backend = new FakeBackend(3, 1);
        Path notes = oneNoteInASealedBucket(backend, dir, 13);
        int deadPort = org.wishledger.testnet.local.FreePorts.allocate("127.0.0.1", 1)[0];
        try (RpcServer rpc = RpcServer.start(RpcConfig.loopback(0), backend)) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute("anon", "wish",
                    "--node", "localhost:1", "--proxy", "127.0.0.1:" + deadPort, "--rpc", rpc.url(),
                    "--notes", notes.toString(), "--denom", "6", "--scenario", "s", "--desired", "d", "--no-delay");
            assertTrue(code != 0, "fails without the proxy");
            assertTrue(err.toString().contains("SOCKS5 proxy 127.0.0.1"), "names the proxy: " + err);
            assertTrue(!NoteFile.read(notes).get(0).spent(), "the note is still unspent");
        }
        assertEquals(2, run("anon", "wish", "--node", "localhost:1", "--proxy", "no-port", "--rpc", "http://127.0.0.1:1",
                "--notes", dir.resolve("none").toString(), "--denom", "6", "--scenario", "s", "--desired", "d"));
    }

    /** A note file with one unspent note of denomination 6, which a sealed bucket of the backend holds. */
    private static Path oneNoteInASealedBucket(FakeBackend backend, Path dir, long seed) throws Exception {
        AnonKeys keys = new AnonKeys(new TriptychGenerators(TriptychParams.LEDGER));
        BigInteger secret = AnonKeys.newSecret(new java.util.Random(seed));
        Path notes = dir.resolve("notes");
        NoteFile.write(notes, List.of(new NoteFile.Note(6, secret, false)));
        backend.anonBuckets.add(AnonFixtures.sealedBucketHolding(keys, 6, keys.noteKey(secret), (int) seed, 40, seed));
        return notes;
    }

    private static int run(String... args) {
        return Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())).execute(args);
    }
}
