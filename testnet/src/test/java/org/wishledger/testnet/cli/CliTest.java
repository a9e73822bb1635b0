package org.wishledger.testnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Committed;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Rejected;
import org.wishledger.ledger.proto.SubmitTx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.p2p.client.ClientServer;
import org.wishledger.p2p.client.ClientServerConfig;
import org.wishledger.testnet.proto.KeyInfo;
import org.wishledger.client.proto.SubmitResult;
import org.wishledger.testnet.proto.TestnetInfo;
import org.wishledger.client.proto.WishesResponse;
import org.wishledger.node.rpc.FakeBackend;
import org.wishledger.client.ProtoJson;
import org.wishledger.node.rpc.RpcConfig;
import org.wishledger.node.rpc.RpcServer;
import org.wishledger.rules.ChainParams;

/** The CLI in process: real files, a real RPC server and a real native-protocol server on loopback. */
class CliTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void keysNewWritesAPrivateKeyFileAndShowReadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("me.json");
        Run created = run("keys", "new", file.toString(), "--json");
        assertEquals(0, created.code(), created.err());
        KeyInfo info = ProtoJson.parse(created.out(), KeyInfo.newBuilder()).build();
        assertEquals(KeyFiles.load(file).publicKey().addressHex(), info.getAddress());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Run shown = run("keys", "show", file.toString());
        assertEquals(0, shown.code());
        assertTrue(shown.out().contains(info.getAddress()), shown.out());

        byte[] before = Files.readAllBytes(file);
        Run again = run("keys", "new", file.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("refusing to overwrite"), again.err());
        assertEquals(new String(before), Files.readString(file));
    }

    @Test
    void testnetInitStatusAndDownWithoutProcesses(@TempDir Path dir) throws Exception {
        Path d = dir.resolve("net");
        Run init = run("testnet", "init", "--dir", d.toString(), "--validators", "3", "--accounts", "2", "--seed", "9", "--json");
        assertEquals(0, init.code(), init.err());
        TestnetInfo info = ProtoJson.parse(init.out(), TestnetInfo.newBuilder()).build();
        assertEquals(3, info.getNodesCount());
        assertEquals(2, info.getAccountKeysCount());

        Run status = run("testnet", "status", "--dir", d.toString(), "--json");
        assertEquals(0, status.code(), status.err());
        TestnetInfo s = ProtoJson.parse(status.out(), TestnetInfo.newBuilder()).build();
        assertTrue(s.getNodesList().stream().noneMatch(n -> n.getRunning() || n.getRpcOk()));
        assertFalse(s.getNodes(0).getError().isEmpty());

        Run down = run("testnet", "down", "--dir", d.toString());
        assertEquals(0, down.code(), down.err());
        assertTrue(down.out().contains("node2    was not running"), down.out());

        Run one = run("testnet", "down", "--dir", d.toString(), "--node", "1");
        assertEquals(0, one.code(), one.err());
        assertEquals("node1    was not running", one.out().strip());
        Run noSuch = run("testnet", "down", "--dir", d.toString(), "--node", "7");
        assertEquals(2, noSuch.code());
        assertTrue(noSuch.err().contains("no node7"), noSuch.err());

        Run none = run("testnet", "status", "--dir", dir.resolve("nothing").toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("holds no testnet"), none.err());
    }

    @Test
    void submitWishFetchesNonceAndParamsSignsAndReportsTheCommit(@TempDir Path dir) throws Exception {
        FakeBackend backend = new FakeBackend(3, 2);
        Path key = dir.resolve("author.json");
        KeyFiles.save(backend.author, key);
        List<SubmitTx> received = new CopyOnWriteArrayList<>();
        try (RpcServer rpc = RpcServer.start(RpcConfig.loopback(0), backend);
             ClientServer node = new ClientServer(ClientServerConfig.defaults("127.0.0.1", 0), request -> {
                 received.add(request.getSubmit());
                 byte[] hash = Hashes.txHash(request.getSubmit().getTx());
                 return CompletableFuture.completedFuture(ClientResponse.newBuilder().setCommitted(Committed.newBuilder()
                         .setHash(com.google.protobuf.ByteString.copyFrom(hash)).setHeight(4).setIndex(1)).build());
             }).start()) {
            Run r = run("submit", "wish", "--node", "127.0.0.1:" + node.address().getPort(), "--key", key.toString(),
                    "--rpc", rpc.url(), "--scenario", "s", "--desired", "d", "--undesired", "u", "--tag", "a", "--tag", "b",
                    "--burn", "12", "--json");
            assertEquals(0, r.code(), r.err() + r.out());
            SubmitResult result = ProtoJson.parse(r.out(), SubmitResult.newBuilder()).build();
            assertEquals("committed", result.getStatus());
            assertEquals(4, result.getHeight());

            SubmitTx sent = received.get(0);
            assertEquals(WaitFor.COMMITTED, sent.getWait());
            assertEquals(Hex.encode(Hashes.txHash(sent.getTx())), result.getHash());
            TxBody body = TxBody.parseFrom(sent.getTx().getBodyBytes());
            assertEquals(6, body.getNonce(), "the committed nonce read over RPC");
            assertEquals(FakeBackend.CHAIN, body.getChainId());
            assertTrue(body.getFee() >= ChainParams.from(backend.genesis().getParams()).requiredFee(sent.getTx().getSerializedSize()));
            assertEquals(List.of("a", "b"), body.getWish().getTagsList());
            assertEquals(12, body.getWish().getBurn());
            assertTrue(backend.author.publicKey().verify(sent.getTx().getBodyBytes().toByteArray(),
                    sent.getTx().getSignature().toByteArray()));
        }
    }

    @Test
    void aRejectionIsReportedWithItsCodeAndExitCode3(@TempDir Path dir) throws Exception {
        FakeBackend backend = new FakeBackend(1, 1);
        Path key = dir.resolve("k.json");
        KeyFiles.save(backend.author, key);
        try (ClientServer node = new ClientServer(ClientServerConfig.defaults("127.0.0.1", 0), request ->
                CompletableFuture.completedFuture(ClientResponse.newBuilder().setRejected(Rejected.newBuilder()
                        .setCode(ErrorCode.BAD_NONCE).setMessage("expected nonce 1")).build())).start()) {
            Path genesis = dir.resolve("genesis.json");
            Files.writeString(genesis, ProtoJson.print(backend.genesis()));
            Run r = run("submit", "transfer", "--node", "127.0.0.1:" + node.address().getPort(), "--key", key.toString(),
                    "--genesis", genesis.toString(), "--nonce", "0", "--to", "ab".repeat(20), "--amount", "5");
            assertEquals(3, r.code(), r.err());
            assertTrue(r.out().contains("rejected: BAD_NONCE: expected nonce 1"), r.out());
        }
    }

    @Test
    void badArgumentsGetClearErrors(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("k.json");
        run("keys", "new", key.toString());
        Run noRpc = run("submit", "wish", "--node", "127.0.0.1:1", "--key", key.toString(), "--scenario", "s", "--desired", "d");
        assertEquals(2, noRpc.code());
        assertTrue(noRpc.err().contains("--rpc"), noRpc.err());
        Run badWait = run("submit", "wish", "--node", "127.0.0.1:1", "--key", key.toString(), "--scenario", "s",
                "--desired", "d", "--nonce", "0", "--genesis", "x", "--wait", "soon");
        assertEquals(2, badWait.code());
        Run badTo = run("submit", "transfer", "--node", "127.0.0.1:1", "--key", key.toString(), "--nonce", "0",
                "--genesis", "x", "--to", "abc", "--amount", "1");
        assertEquals(2, badTo.code());
        assertTrue(badTo.err().contains("--to must be hex"), badTo.err());
        Run badNode = run("submit", "wish", "--node", "nocolon", "--key", key.toString(), "--scenario", "s",
                "--desired", "d", "--nonce", "0", "--genesis", "x");
        assertEquals(2, badNode.code());
    }

    @Test
    void scoreReportsUnavailableUntilTheNodeWiresScoring() throws Exception {
        try (RpcServer rpc = RpcServer.start(RpcConfig.loopback(0), new FakeBackend(1, 1))) {
            Run r = run("score", "--rpc", rpc.url(), "--prompt", "p", "--response", "r");
            assertEquals(1, r.code());
            assertTrue(r.err().contains("503") && r.err().contains("UNAVAILABLE"), r.err());
        }
    }

    @Test
    void simPassesEveryArgumentToTheSimulator() {
        assertEquals(0, run("sim", "--validators", "4", "--byzantine", "1", "--heights", "2", "--seeds", "1..1").code());
        assertEquals(2, run("sim", "--no-such-flag").code());
    }

    @Test
    void wishesListFollowsPages() throws Exception {
        FakeBackend backend = new FakeBackend(30, 4);
        try (RpcServer rpc = RpcServer.start(RpcConfig.loopback(0), backend)) {
            Run r = run("wishes", "list", "--rpc", rpc.url(), "--limit", "7", "--all", "--json");
            assertEquals(0, r.code(), r.err());
            WishesResponse all = ProtoJson.parse(r.out(), WishesResponse.newBuilder()).build();
            assertEquals(120, all.getWishesCount());
            assertEquals(backend.wishes.get(119).getWish().getDesired(), all.getWishes(119).getDesired());
            Run text = run("wishes", "list", "--rpc", rpc.url(), "--limit", "2");
            assertTrue(text.out().contains("desired 1/0") && text.out().contains("more after"), text.out());
            Run unreachable = run("wishes", "list", "--rpc", "http://127.0.0.1:1");
            assertEquals(1, unreachable.code());
            assertTrue(unreachable.err().contains("cannot reach"), unreachable.err());
        }
    }
}
