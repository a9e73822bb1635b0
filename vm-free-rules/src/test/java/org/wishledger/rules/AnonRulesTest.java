package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.anon.Ring;
import org.wishledger.ledger.anon.TriptychProver;
import org.wishledger.ledger.anon.TriptychStatement;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.AnonEndorse;
import org.wishledger.ledger.proto.AnonNote;
import org.wishledger.ledger.proto.AnonWish;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.NoteDeposit;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.StoreSnapshot;

/**
 * Anonymous wishes through the real rules and a real LMDB store: deposits fill a bucket, the bucket
 * seals by timeout (filler keys) or when full, spends commit with the exact money flow, and every kind
 * of double spend and tampering is refused. The supply invariant Σ balances + total_burned +
 * anon_escrow = genesis supply is checked after every block.
 */
class AnonRulesTest {
    private static final long SEED = 4212L;
    private static final int DENOM = 6;
    private static final long VALUE = 1_000_000;
    private static final AnonParams P = AnonParams.DEFAULTS;

    @TempDir
    Path dir;
    private TestChain chain;
    private LedgerStore store;
    private final AnonKeys keys = new AnonKeys(AnonProofs.GENERATORS);
    private final TriptychProver prover = new TriptychProver(AnonProofs.GENERATORS);
    private final Random random = new Random(SEED);
    private final List<BigInteger> secrets = new ArrayList<>();
    private final List<Tx> depositTxs = new ArrayList<>();
    private final long[] nonces = new long[4];

    @BeforeEach
    void setUp() {
        chain = new TestChain(1, 4);
        store = LedgerStore.open(dir);
        assertTrue(Rules.initGenesis(store, chain.genesis));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void depositsSealAfterTimeoutAndAnonymousWishesAndEndorsementsCommit() throws Exception {
        applyChecked(List.of(deposit(0), deposit(1), deposit(2)));
        try (StoreSnapshot s = store.snapshot()) {
            AnonBucket b = s.anonBucket(DENOM, 0).orElseThrow();
            assertEquals(3, b.getDeposits());
            assertEquals(3, b.getDistinctDepositors());
            assertEquals(0, b.getSealedHeight());
            assertEquals(3 * VALUE, s.anonEscrow());
        }
        // spending from an open bucket is refused
        Tx early = anonWish(0, "too early", 0);
        assertEquals(ErrorCode.INVALID_FIELD, refusedAtAdmission(early).code());

        sealByTimeout();
        try (StoreSnapshot s = store.snapshot()) {
            AnonBucket b = s.anonBucket(DENOM, 0).orElseThrow();
            assertEquals(store.height(), b.getSealedHeight());
            assertEquals(32 * P.bucketSize(), b.getKeys().size(), "empty slots filled");
            assertArrayEquals(Ring.hashOf(DENOM, 0, b.getKeys().toByteArray()), b.getHash().toByteArray());
        }

        long burnedBefore = store.totalBurned();
        Tx wish = anonWish(1, "Refuse to help a government track dissidents", 0);
        TxBody body = TxBody.parseFrom(wish.getBodyBytes());
        BlockResult result = applyChecked(List.of(wish));
        long fee = body.getFee();
        assertEquals(VALUE - fee, body.getAnonWish().getWish().getBurn());
        assertEquals(fee, result.fees(), "the fee goes to the proposer");
        assertEquals(burnedBefore + VALUE - fee, store.totalBurned(), "the burn is public and exact");
        byte[] wishId = Sha256.hash(wish.getBodyBytes().toByteArray());
        WishRecord record = store.wish(wishId).orElseThrow();
        assertEquals(VALUE - fee, record.getTotalBurn());
        assertEquals("Refuse to help a government track dissidents", record.getWish().getDesired());
        try (StoreSnapshot s = store.snapshot()) {
            assertEquals(2 * VALUE, s.anonEscrow(), "escrow shrinks by the note's value");
            assertEquals(1, s.anonBucket(DENOM, 0).orElseThrow().getSpends());
        }
        assertNoDepositorTrace(wish, record);

        // an anonymous endorsement of that wish by another note
        Tx endorse = anonEndorse(2, wishId, 0);
        applyChecked(List.of(endorse));
        long endorseFee = TxBody.parseFrom(endorse.getBodyBytes()).getFee();
        assertEquals(VALUE - fee + VALUE - endorseFee, store.wish(wishId).orElseThrow().getTotalBurn(),
                "scored by burn like any wish");
    }

    @Test
    void doubleSpendsAreRefusedInEveryForm() throws Exception {
        applyChecked(List.of(deposit(0), deposit(1), deposit(2)));
        sealByTimeout();
        // twice in one block: the second is NOTE_SPENT
        Tx a = anonWish(0, "first use", 0);
        Tx b = anonWish(0, "second use", 0);
        Rejection inBlock = assertThrows(Rejection.class, () -> chain.applyTxs(store, List.of(a, b)));
        assertEquals(ErrorCode.NOTE_SPENT, inBlock.code());
        assertEquals(1, inBlock.txIndex());
        // twice in the mempool
        PendingState pending = new PendingState(StoreStateView.of(store));
        pending.admit(chain.rules.decodeAndVerify(a));
        Rejection inMempool = assertThrows(Rejection.class, () -> pending.admit(chain.rules.decodeAndVerify(b)));
        assertEquals(ErrorCode.NOTE_SPENT, inMempool.code());
        // across blocks, and a wish then an endorsement with the same note
        applyChecked(List.of(a));
        assertEquals(ErrorCode.NOTE_SPENT, refusedAtAdmission(b).code());
        byte[] wishId = Sha256.hash(a.getBodyBytes().toByteArray());
        assertEquals(ErrorCode.NOTE_SPENT, refusedAtAdmission(anonEndorse(0, wishId, 0)).code());
        Rejection acrossBlocks = assertThrows(Rejection.class, () -> chain.applyTxs(store, List.of(b)));
        assertEquals(ErrorCode.NOTE_SPENT, acrossBlocks.code());
        assertInvariant();
    }

    @Test
    void tamperedSpendsAreRefused() throws Exception {
        applyChecked(List.of(deposit(0), deposit(1)));
        sealByTimeout();
        Tx good = anonWish(0, "honest", 0);
        TxBody body = TxBody.parseFrom(good.getBodyBytes());
        // text changed after proving: the proof no longer verifies
        TxBody otherText = body.toBuilder().setAnonWish(body.getAnonWish().toBuilder()
                .setWish(body.getAnonWish().getWish().toBuilder().setDesired("honesT"))).build();
        assertEquals(ErrorCode.BAD_SIGNATURE, refusedAtAdmission(withBody(good, otherText)).code());
        // fee and burn moved together (still value - fee): the proof binds them
        TxBody otherFee = body.toBuilder().setFee(body.getFee() + 1).setAnonWish(body.getAnonWish().toBuilder()
                .setWish(body.getAnonWish().getWish().toBuilder().setBurn(VALUE - body.getFee() - 1))).build();
        assertEquals(ErrorCode.BAD_SIGNATURE, refusedAtAdmission(withBody(good, otherFee)).code());
        // burn not exactly value - fee
        TxBody otherBurn = body.toBuilder().setAnonWish(body.getAnonWish().toBuilder()
                .setWish(body.getAnonWish().getWish().toBuilder().setBurn(VALUE - body.getFee() - 1))).build();
        assertEquals(ErrorCode.INVALID_FIELD, refusedAtAdmission(withBody(good, otherBurn)).code());
        // another tag, another bucket, another chain
        TxBody otherTag = body.toBuilder().setAnonWish(body.getAnonWish().toBuilder().setNote(
                body.getAnonWish().getNote().toBuilder().setTag(ByteString.copyFrom(keys.tag(secrets.get(1)))))).build();
        assertEquals(ErrorCode.BAD_SIGNATURE, refusedAtAdmission(withBody(good, otherTag)).code());
        TxBody otherBucket = body.toBuilder().setFee(body.getFee() + 100).setAnonWish(body.getAnonWish().toBuilder()
                .setWish(body.getAnonWish().getWish().toBuilder().setBurn(VALUE - body.getFee() - 100))
                .setNote(body.getAnonWish().getNote().toBuilder().setBucketId(1))).build();
        assertEquals(ErrorCode.INVALID_FIELD, refusedAtAdmission(withBody(good, otherBucket)).code());
        assertEquals(ErrorCode.WRONG_CHAIN, refusedAtAdmission(withBody(good, body.toBuilder().setChainId("x").build())).code());
        // a fee below size + surcharge, a signer key, a flipped proof byte
        TxBody cheap = body.toBuilder().setFee(1000).setAnonWish(body.getAnonWish().toBuilder()
                .setWish(body.getAnonWish().getWish().toBuilder().setBurn(VALUE - 1000))).build();
        assertEquals(ErrorCode.FEE_TOO_LOW, refusedAtAdmission(withBody(good, cheap)).code());
        TxBody signed = body.toBuilder().setSignerPubkey(ByteString.copyFrom(chain.accounts.get(0).publicKey().encoded())).build();
        assertEquals(ErrorCode.INVALID_FIELD, refusedAtAdmission(withBody(good, signed)).code());
        byte[] proof = good.getSignature().toByteArray();
        proof[100] ^= 4;
        assertEquals(ErrorCode.BAD_SIGNATURE, refusedAtAdmission(good.toBuilder().setSignature(ByteString.copyFrom(proof)).build()).code());
        // and the honest one still commits
        applyChecked(List.of(good));
    }

    @Test
    void duplicateNoteKeysAndBadKeysAreRefused() throws Exception {
        Tx first = deposit(0);
        byte[] key = TxBody.parseFrom(first.getBodyBytes()).getNoteDeposit().getNoteKey().toByteArray();
        applyChecked(List.of(first));
        KeyPair k = chain.accounts.get(1);
        Tx again = chain.signWithFee(k, chain.body(k, nonces[1]).setNoteDeposit(NoteDeposit.newBuilder()
                .setDenom(DENOM).setNoteKey(ByteString.copyFrom(key))), 0);
        assertEquals(ErrorCode.DUPLICATE, refusedAtAdmission(again).code());
        Tx identity = chain.signWithFee(k, chain.body(k, nonces[1]).setNoteDeposit(NoteDeposit.newBuilder()
                .setDenom(DENOM).setNoteKey(ByteString.copyFrom(new byte[32]))), 0);
        assertEquals(ErrorCode.INVALID_FIELD, refusedAtAdmission(identity).code());
        Tx badDenom = chain.signWithFee(k, chain.body(k, nonces[1]).setNoteDeposit(NoteDeposit.newBuilder()
                .setDenom(99).setNoteKey(ByteString.copyFrom(keys.noteKey(BigInteger.TEN)))), 0);
        assertEquals(ErrorCode.INVALID_FIELD, refusedAtAdmission(badDenom).code());
    }

    @Test
    void aFullBucketSealsAtOnceAndItsLastSlotSpends() throws Exception {
        List<Tx> deposits = new ArrayList<>();
        for (int i = 0; i < P.bucketSize(); i++) {
            deposits.add(deposit(i % 4));
        }
        applyChecked(deposits);
        try (StoreSnapshot s = store.snapshot()) {
            AnonBucket b = s.anonBucket(DENOM, 0).orElseThrow();
            assertEquals(1, b.getSealedHeight());
            assertEquals(4, b.getDistinctDepositors());
        }
        applyChecked(List.of(deposit(0))); // opens bucket 1
        try (StoreSnapshot s = store.snapshot()) {
            assertEquals(1, s.anonBucket(DENOM, 1).orElseThrow().getDeposits());
        }
        applyChecked(List.of(anonWish(P.bucketSize() - 1, "from the last slot", 0)));
        assertInvariant();
    }

    @Test
    void aBlockSpendsFromAtMostMaxBucketsPerBlockDistinctBuckets() throws Exception {
        // nine sealed buckets: denominations 5..11 (bucket 0 each) and two buckets of denomination 5
        List<Tx> deposits = new ArrayList<>();
        int[] denoms = {5, 6, 7, 8, 9, 10, 11};
        for (int i = 0; i < denoms.length; i++) {
            deposits.add(deposit(i % 4, denoms[i]));
        }
        applyChecked(deposits);
        sealByTimeout();
        applyChecked(List.of(deposit(0, 5)));
        sealByTimeout();
        List<Tx> spends = new ArrayList<>();
        for (int i = 0; i < denoms.length; i++) {
            spends.add(anonWish(i, "spend " + i, denoms[i], 0));
        }
        spends.add(anonWish(denoms.length, "spend from bucket 1", 5, 1));
        Tx ninth = anonWish(0, "another note of bucket 0 would be the same bucket", 5, 0);
        assertEquals(P.maxBucketsPerBlock(), spends.size());
        List<Tx> all = new ArrayList<>(spends);
        all.add(spendOfANewBucket());
        Rejection tooMany = assertThrows(Rejection.class, () -> chain.applyTxs(store, all));
        assertEquals(ErrorCode.TOO_LARGE, tooMany.code());
        assertEquals(P.maxBucketsPerBlock(), tooMany.txIndex());
        applyChecked(spends);
        assertEquals(ErrorCode.NOTE_SPENT, refusedAtAdmission(ninth).code());
    }

    /** A spend from a ninth distinct bucket (denomination 12 needs 10^12 + fee: more than an account has, so 5 again). */
    private Tx spendOfANewBucket() throws Exception {
        applyChecked(List.of(deposit(1, 5)));
        sealByTimeout();
        return anonWish(secrets.size() - 1, "ninth bucket", 5, 2);
    }

    @Test
    void anotherStoreReplayingTheBlocksReachesTheSameAppHash(@TempDir Path other) throws Exception {
        List<Tx> d = List.of(deposit(0), deposit(1));
        applyChecked(d);
        sealByTimeout();
        applyChecked(List.of(anonWish(0, "replayed", 0)));
        try (LedgerStore replica = LedgerStore.open(other)) {
            Rules.initGenesis(replica, chain.genesis);
            for (long h = 1; h <= store.height(); h++) {
                chain.rules.applyBlock(replica, store.block(h).orElseThrow(), store.commit(h).orElseThrow(), PreVerified.NONE);
            }
            assertArrayEquals(store.appHash(), replica.appHash());
        }
    }

    // --- helpers ---

    private Tx deposit(int account) {
        return deposit(account, DENOM);
    }

    private Tx deposit(int account, int denom) {
        BigInteger secret = AnonKeys.newSecret(random);
        secrets.add(secret);
        KeyPair k = chain.accounts.get(account);
        Tx tx = chain.signWithFee(k, chain.body(k, nonces[account]++).setNoteDeposit(NoteDeposit.newBuilder()
                .setDenom(denom).setNoteKey(ByteString.copyFrom(keys.noteKey(secret)))), 0);
        depositTxs.add(tx);
        return tx;
    }

    private Tx anonWish(int slot, String desired, long bucketId) throws Exception {
        return anonWish(slot, desired, DENOM, bucketId);
    }

    private Tx anonWish(int slot, String desired, int denom, long bucketId) throws Exception {
        long value = P.value(denom);
        return spend(slot, denom, bucketId, fee -> TxBody.newBuilder().setChainId(TestChain.CHAIN_ID).setFee(fee)
                .setAnonWish(AnonWish.newBuilder().setWish(Wish.newBuilder().setScenario("A leak from inside")
                        .setDesired(desired).setBurn(value - fee)).setNote(note(slot, denom, bucketId))).build());
    }

    private Tx anonEndorse(int slot, byte[] wishId, long bucketId) throws Exception {
        return spend(slot, DENOM, bucketId, fee -> TxBody.newBuilder().setChainId(TestChain.CHAIN_ID).setFee(fee)
                .setAnonEndorse(AnonEndorse.newBuilder().setWishId(ByteString.copyFrom(wishId)).setBurn(VALUE - fee)
                        .setNote(note(slot, DENOM, bucketId))).build());
    }

    private AnonNote note(int slot, int denom, long bucketId) {
        return AnonNote.newBuilder().setDenom(denom).setBucketId(bucketId)
                .setTag(ByteString.copyFrom(keys.tag(secrets.get(slot)))).build();
    }

    private Tx spend(int slot, int denom, long bucketId, java.util.function.LongFunction<TxBody> bodyForFee)
            throws Exception {
        long fee = 0;
        for (int i = 0; i < 6; i++) { // the fee changes the size: iterate to the fixpoint
            Tx sized = Tx.newBuilder().setBodyBytes(bodyForFee.apply(fee).toByteString())
                    .setSignature(ByteString.copyFrom(new byte[TxDecoder.PROOF_LENGTH])).build();
            long required = chain.rules.params().requiredFee(sized.getSerializedSize()) + P.verifySurcharge();
            if (required == fee) {
                break;
            }
            fee = required;
        }
        TxBody body = bodyForFee.apply(fee);
        AnonBucket bucket;
        try (StoreSnapshot s = store.snapshot()) {
            bucket = s.anonBucket(denom, bucketId).orElseThrow();
        }
        byte[] keysBytes = bucket.getKeys().toByteArray();
        if (keysBytes.length < 32 * P.bucketSize()) { // not sealed yet: prove over what a sealed one would hold
            byte[] padded = java.util.Arrays.copyOf(keysBytes, 32 * P.bucketSize());
            for (int s = bucket.getDeposits(); s < P.bucketSize(); s++) {
                System.arraycopy(org.wishledger.ledger.anon.BucketFiller.fillerKey(new Ristretto255(), TestChain.CHAIN_ID,
                        denom, bucketId, s), 0, padded, 32 * s, 32);
            }
            keysBytes = padded;
        }
        Ring ring = Ring.of(denom, bucketId, keysBytes, new Ristretto255());
        int ringSlot = slotOf(bucket, slot);
        TriptychStatement st = new TriptychStatement(TestChain.CHAIN_ID, ring, keys.tag(secrets.get(slot)),
                Sha256.hash(body.toByteArray()));
        byte[] proof = prover.prove(st, ringSlot, secrets.get(slot), random);
        return Tx.newBuilder().setBodyBytes(body.toByteString()).setSignature(ByteString.copyFrom(proof)).build();
    }

    /** Secret number {@code secretIndex} is in bucket {@code bucket}; at which slot? */
    private int slotOf(AnonBucket bucket, int secretIndex) {
        byte[] key = keys.noteKey(secrets.get(secretIndex));
        byte[] all = bucket.getKeys().toByteArray();
        for (int s = 0; s * 32 < all.length; s++) {
            if (java.util.Arrays.equals(java.util.Arrays.copyOfRange(all, 32 * s, 32 * s + 32), key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("note " + secretIndex + " is not in bucket " + bucket.getBucketId());
    }

    private static Tx withBody(Tx tx, TxBody body) {
        return tx.toBuilder().setBodyBytes(body.toByteString()).build();
    }

    private Rejection refusedAtAdmission(Tx tx) {
        return assertThrows(Rejection.class, () -> chain.rules.checkTx(StoreStateView.of(store), tx));
    }

    private BlockResult applyChecked(List<Tx> txs) throws Rejection {
        BlockResult r = chain.applyTxs(store, txs);
        assertInvariant();
        return r;
    }

    private void sealByTimeout() throws Rejection {
        long opened = Long.MAX_VALUE;
        try (StoreSnapshot s = store.snapshot()) {
            for (int d = P.minDenom(); d <= P.maxDenom(); d++) {
                long next = s.anonNextBucketId(d);
                AnonBucket latest = next > 0 ? s.anonBucket(d, next - 1).orElseThrow() : null;
                if (latest != null && latest.getSealedHeight() == 0) {
                    opened = Math.min(opened, latest.getOpenedHeight());
                }
            }
        }
        while (opened != Long.MAX_VALUE && store.height() < opened + P.sealAfterBlocks()) {
            applyChecked(List.of());
        }
    }

    /** Σ balances + total_burned + anon_escrow = genesis supply. */
    private void assertInvariant() {
        try (StoreSnapshot s = store.snapshot()) {
            long[] sum = {0};
            s.forEachAccount((a, acc) -> sum[0] += acc.getBalance());
            assertEquals(chain.supply(), sum[0] + s.totalBurned() + s.anonEscrow(),
                    "supply invariant at height " + s.height() + ", seed " + SEED);
        }
    }

    /** The committed tx and the wish record hold no depositor key, address, deposit hash or note key. */
    private void assertNoDepositorTrace(Tx spend, WishRecord record) throws Exception {
        byte[] txBytes = spend.toByteArray();
        byte[] recordBytes = record.toByteArray();
        for (int i = 0; i < depositTxs.size(); i++) {
            Tx d = depositTxs.get(i);
            TxBody db = TxBody.parseFrom(d.getBodyBytes());
            List<byte[]> secretsOfAuthorship = List.of(db.getSignerPubkey().toByteArray(),
                    org.wishledger.ledger.crypto.Address.of(db.getSignerPubkey().toByteArray()),
                    Hashes.txHash(d), db.getNoteDeposit().getNoteKey().toByteArray());
            for (byte[] needle : secretsOfAuthorship) {
                assertFalse(contains(txBytes, needle), "deposit " + i + " leaks into the spend tx");
                assertFalse(contains(recordBytes, needle), "deposit " + i + " leaks into the wish record");
            }
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
