package org.wishledger.client.anon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.client.TxBuilder;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.Params;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.rules.AnonParams;
import org.wishledger.rules.Rules;
import org.wishledger.rules.StateView;

/** The wallet side: txs the rules accept, the 0600 note file, the spend timing and the few-depositor warning. */
class AnonClientTest {
    private static final long SEED = 77L;
    private static final int DENOM = 6;

    @Test
    void builtSpendsPassTheRulesAndBurnExactlyTheRest() throws Exception {
        KeyPair validator = KeyPair.fromSeed(new byte[32]);
        KeyPair depositor = KeyPair.fromSeed(seed(1));
        Genesis genesis = Genesis.newBuilder().setChainId("anon-client-test").setGenesisTimeMs(1)
                .setParams(Params.getDefaultInstance())
                .addValidators(GenesisValidator.newBuilder().setName("v").setPower(10)
                        .setPubKey(ByteString.copyFrom(validator.publicKey().encoded())))
                .addAccounts(GenesisAccount.newBuilder().setAddress(Hex.encode(depositor.address())).setBalance(1_000_000_000L))
                .build();
        Rules rules = new Rules(genesis);
        AnonTxBuilder builder = new AnonTxBuilder(TxBuilder.forGenesis(genesis), AnonParams.DEFAULTS);
        Random random = new Random(SEED);
        BigInteger secret = AnonKeys.newSecret(random);

        Tx deposit = builder.deposit(depositor, 0, DENOM, secret);
        StateView funded = new StateView() {
            @Override
            public Optional<Account> account(byte[] address) {
                return Optional.of(Account.newBuilder().setBalance(1_000_000_000L).build());
            }

            @Override
            public boolean wishExists(byte[] id) {
                return false;
            }
        };
        rules.checkTx(funded, deposit);

        AnonBucket sealed = sealedBucketWith(builder.keys().noteKey(secret), 517, random);
        Tx wish = builder.wish(Wish.newBuilder().setScenario("s").setDesired("d").build(), DENOM, secret, sealed, random);
        StateView withBucket = new StateView() {
            @Override
            public Optional<Account> account(byte[] address) {
                return Optional.empty();
            }

            @Override
            public boolean wishExists(byte[] id) {
                return false;
            }

            @Override
            public Optional<AnonBucket> anonBucket(int denom, long bucketId) {
                return denom == DENOM && bucketId == 3 ? Optional.of(sealed) : Optional.empty();
            }
        };
        rules.checkTx(withBucket, wish);
        TxBody body = TxBody.parseFrom(wish.getBodyBytes());
        assertEquals(AnonParams.DEFAULTS.value(DENOM) - body.getFee(), body.getAnonWish().getWish().getBurn());
        assertTrue(body.getSignerPubkey().isEmpty());

        Tx endorse = builder.endorse(AnonTxBuilder.wishId(wish), DENOM, secret, sealed, random);
        Rejection unknownWish = assertThrows(Rejection.class, () -> rules.checkTx(withBucket, endorse));
        assertEquals(ErrorCode.UNKNOWN_WISH, unknownWish.code()); // the wish is not committed in this view

        AnonBucket open = sealed.toBuilder().setSealedHeight(0).build();
        assertThrows(IllegalArgumentException.class, () -> builder.wish(Wish.getDefaultInstance(), DENOM, secret, open, random));
    }

    @Test
    void noteFileIsOwnerOnlyAndRoundTrips(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wallet").resolve("notes");
        List<NoteFile.Note> notes = List.of(new NoteFile.Note(6, BigInteger.valueOf(123456789), false),
                new NoteFile.Note(8, new BigInteger("deadbeef", 16), true));
        NoteFile.write(file, notes);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(notes, NoteFile.read(file));
        NoteFile.write(file, notes.subList(0, 1));
        assertEquals(notes.subList(0, 1), NoteFile.read(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void spendsWaitForTheSealPlusARandomDelayAndWarnOnFewDepositors() {
        SpendPolicy policy = new SpendPolicy(10, 20, 32);
        AnonBucket open = AnonBucket.newBuilder().setDenom(6).setBucketId(1).setDistinctDepositors(3).setDeposits(5).build();
        Random random = new Random(SEED);
        assertTrue(policy.spendAt(open, random).isEmpty());
        AnonBucket sealed = open.toBuilder().setSealedHeight(1000).build();
        for (int i = 0; i < 200; i++) {
            long at = policy.spendAt(sealed, random).orElseThrow();
            assertTrue(at >= 1010 && at <= 1020, "spend height " + at + ", seed " + SEED);
        }
        assertTrue(policy.warning(sealed).orElseThrow().contains("only 3 distinct depositors"));
        assertTrue(policy.warning(sealed.toBuilder().setDistinctDepositors(40).build()).isEmpty());
    }

    private static AnonBucket sealedBucketWith(byte[] noteKey, int slot, Random random) {
        AnonKeys keys = new AnonKeys(new org.wishledger.ledger.anon.TriptychGenerators(
                org.wishledger.ledger.anon.TriptychParams.LEDGER));
        byte[] all = new byte[32 * 1024];
        for (int s = 0; s < 1024; s++) {
            byte[] k = s == slot ? noteKey : keys.noteKey(AnonKeys.newSecret(random));
            System.arraycopy(k, 0, all, 32 * s, 32);
        }
        return AnonBucket.newBuilder().setDenom(DENOM).setBucketId(3).setKeys(ByteString.copyFrom(all))
                .setDeposits(1024).setSealedHeight(50).setDistinctDepositors(40)
                .setHash(ByteString.copyFrom(Ring.hashOf(DENOM, 3, all))).build();
    }

    private static byte[] seed(int i) {
        byte[] s = new byte[32];
        s[0] = (byte) i;
        return s;
    }
}
