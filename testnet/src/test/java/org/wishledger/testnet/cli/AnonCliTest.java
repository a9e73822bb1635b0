package org.wishledger.testnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Committed;
import org.wishledger.ledger.proto.SubmitTx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.node.rpc.FakeBackend;
import org.wishledger.node.rpc.RpcConfig;
import org.wishledger.node.rpc.RpcServer;
import org.wishledger.p2p.client.ClientServer;
import org.wishledger.p2p.client.ClientServerConfig;
import org.wishledger.rules.Rules;

/** `wishledger anon ...` in process against a real RPC server (fake backend) and a real native port on loopback. */
class AnonCliTest {
    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    @Test
    void depositSavesTheSecretFirstThenWishSpendsItFromTheSealedBucket(@TempDir Path dir) throws Exception {
        FakeBackend backend = new FakeBackend(3, 1);
        Path key = dir.resolve("author.json");
        KeyFiles.save(backend.author, key);
        Path notes = dir.resolve("notes");
        List<SubmitTx> received = new CopyOnWriteArrayList<>();
        try (RpcServer rpc = RpcServer.start(RpcConfig.loopback(0), backend);
             ClientServer node = new ClientServer(ClientServerConfig.defaults("127.0.0.1", 0), request -> {
                 received.add(request.getSubmit());
                 return CompletableFuture.completedFuture(ClientResponse.newBuilder().setCommitted(Committed.newBuilder()
                         .setHash(ByteString.copyFrom(Hashes.txHash(request.getSubmit().getTx()))).setHeight(4)).build());
             }).start()) {
            String nodeAddress = "127.0.0.1:" + node.address().getPort();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertEquals(0, run(out, err, "anon", "deposit", "--node", nodeAddress, "--rpc", rpc.url(), "--key", key.toString(),
                    "--notes", notes.toString(), "--denom", "6"), err.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(notes)));
            NoteFile.Note note = NoteFile.read(notes).get(0);
            TxBody deposit = TxBody.parseFrom(received.get(0).getTx().getBodyBytes());
            AnonKeys keys = new AnonKeys(new TriptychGenerators(TriptychParams.LEDGER));
            assertEquals(ByteString.copyFrom(keys.noteKey(note.secret())), deposit.getNoteDeposit().getNoteKey());

            // no sealed bucket holds the note yet: nothing to spend
            assertEquals(4, run(new StringWriter(), err = new StringWriter(), "anon", "wish", "--node", nodeAddress,
                    "--rpc", rpc.url(), "--notes", notes.toString(), "--denom", "6", "--scenario", "s", "--desired", "d"));

            backend.anonBuckets.add(AnonFixtures.sealedBucketHolding(keys, 6, keys.noteKey(note.secret()), 700, 3, 3));
            out = new StringWriter();
            assertEquals(0, run(new StringWriter(), out = new StringWriter(), "anon", "buckets", "--rpc", rpc.url(), "--denom", "6"));
            err = new StringWriter();
            // the spend policy's delay has not passed at height 3: refused with a clear message
            assertEquals(4, run(new StringWriter(), err, "anon", "wish", "--node", nodeAddress, "--rpc", rpc.url(),
                    "--notes", notes.toString(), "--denom", "6", "--scenario", "s", "--desired", "d"));
            assertTrue(err.toString().contains("waits until height"), err.toString());
            err = new StringWriter();
            assertEquals(0, run(new StringWriter(), err, "anon", "wish", "--node", nodeAddress, "--rpc", rpc.url(),
                    "--notes", notes.toString(), "--denom", "6", "--scenario", "s", "--desired", "d", "--no-delay"), err.toString());
            assertTrue(err.toString().contains("only 3 distinct depositors"), "few-depositor warning: " + err);
            SubmitTx spend = received.get(received.size() - 1);
            TxBody body = TxBody.parseFrom(spend.getTx().getBodyBytes());
            assertTrue(body.getSignerPubkey().isEmpty(), "no signer");
            assertEquals("d", body.getAnonWish().getWish().getDesired());
            // the stateless rules of that chain accept it (the fake genesis lacks the validator Rules wants)
            new Rules(backend.genesis().toBuilder().addValidators(org.wishledger.ledger.proto.GenesisValidator.newBuilder()
                    .setName("v").setPower(1).setPubKey(ByteString.copyFrom(backend.author.publicKey().encoded()))).build())
                    .decodeAndVerify(spend.getTx());
            assertTrue(NoteFile.read(notes).get(0).spent(), "marked spent");
            StringWriter listed = new StringWriter();
            assertEquals(0, run(listed, new StringWriter(), "anon", "notes", "--notes", notes.toString()));
            assertTrue(listed.toString().contains("spent"), listed.toString());
            assertTrue(!listed.toString().contains(note.secret().toString(16)), "never prints secrets");
        }
    }
}
