package org.wishledger.ledger.anon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.ScalarModL;
import org.wishledger.ledger.crypto.ristretto.Ristretto255;

/**
 * Triptych over whole buckets: seeded proofs checked by the production verifier and by the independent
 * BigInteger {@link ReferenceTriptychVerifier}; refusals of every kind of tampering; batch verdicts
 * equal to one-by-one verdicts.
 */
class TriptychTest {
    private static final long SEED = 1204L;
    private static final TriptychGenerators LEDGER = new TriptychGenerators(TriptychParams.LEDGER);
    private static final TriptychGenerators SMALL = new TriptychGenerators(new TriptychParams(2, 3));
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private final Ristretto255 group = new Ristretto255();

    @Test
    void generatorsArePinned() {
        assertEquals(PinnedGenerators.G, Hex.encode(group.encode(LEDGER.g())));
        assertEquals(PinnedGenerators.U, Hex.encode(group.encode(LEDGER.u())));
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(PinnedGenerators.H[j][i], Hex.encode(group.encode(LEDGER.h(j, i))), "H " + j + "," + i);
            }
        }
        assertEquals(PinnedGenerators.FILLER_TEST_1_7_1023,
                Hex.encode(BucketFiller.fillerKey(group, RingFixture.CHAIN, 1, 7, 1023)));
        assertEquals(ReferenceTriptychVerifier.SQRT_M1,
                new BigInteger("19681161376707505956807079304988542015446066515923890162744021073123829784752"));
    }

    @Test
    void ledgerSizeProofsFromTheFirstAndLastSlotVerifyInBothVerifiers() {
        RingFixture fx = new RingFixture(LEDGER, 1, 7, SEED);
        TriptychProver prover = new TriptychProver(LEDGER);
        Random random = new Random(SEED);
        ReferenceTriptychVerifier reference = PinnedGenerators.reference(TriptychParams.LEDGER);
        for (int slot : new int[] {0, 1023}) {
            TriptychStatement st = fx.statement(slot, RingFixture.body("wish from slot " + slot));
            byte[] proof = prover.prove(st, slot, fx.secrets[slot], random);
            assertEquals(1024, proof.length);
            assertTrue(verifyAlone(LEDGER, st, proof), "slot " + slot + ", seed " + SEED);
            assertTrue(reference.verify(RingFixture.CHAIN, 1, 7, keys(fx.ring), st.tag(), st.bodyHash(), proof),
                    "reference, slot " + slot + ", seed " + SEED);
            byte[] bad = proof.clone();
            bad[40] ^= 1; // B
            assertFalse(verifyAlone(LEDGER, st, bad));
            assertFalse(reference.verify(RingFixture.CHAIN, 1, 7, keys(fx.ring), st.tag(), st.bodyHash(), bad));
        }
    }

    /** Small rings of several shapes: every slot proves, both verifiers agree on valid and tampered proofs. */
    @Test
    void referenceVerifierAgreesOnSmallRings() {
        for (TriptychParams params : new TriptychParams[] {new TriptychParams(2, 3), new TriptychParams(3, 2),
                new TriptychParams(4, 2), new TriptychParams(2, 1)}) {
            TriptychGenerators gens = new TriptychGenerators(params);
            RingFixture fx = new RingFixture(gens, 3, 11, SEED + params.n() * 10 + params.m());
            TriptychProver prover = new TriptychProver(gens);
            ReferenceTriptychVerifier reference = PinnedGenerators.reference(params);
            Random random = new Random(SEED);
            for (int slot = 0; slot < params.ringSize(); slot++) {
                TriptychStatement st = fx.statement(slot, RingFixture.body("slot " + slot));
                byte[] proof = prover.prove(st, slot, fx.secrets[slot], random);
                String where = params + " slot " + slot + ", seed " + SEED;
                assertTrue(verifyAlone(gens, st, proof), where);
                assertTrue(reference.verify(RingFixture.CHAIN, 3, 11, keys(fx.ring), st.tag(), st.bodyHash(), proof), where);
                byte[] bad = proof.clone();
                int pos = random.nextInt(proof.length);
                bad[pos] ^= (byte) (1 << random.nextInt(8));
                assertFalse(verifyAlone(gens, st, bad), where + " flipped " + pos);
                assertFalse(reference.verify(RingFixture.CHAIN, 3, 11, keys(fx.ring), st.tag(), st.bodyHash(), bad),
                        where + " flipped " + pos);
            }
        }
    }

    /** Every single-bit flip of every byte of a proof is refused (N = 8), and a sample at N = 1,024. */
    @Test
    void everyFlippedProofByteIsRefused() {
        RingFixture fx = new RingFixture(SMALL, 1, 1, SEED);
        TriptychStatement st = fx.statement(5, RingFixture.body("flip"));
        byte[] proof = new TriptychProver(SMALL).prove(st, 5, fx.secrets[5], new Random(SEED));
        assertTrue(verifyAlone(SMALL, st, proof));
        Random random = new Random(SEED);
        for (int pos = 0; pos < proof.length; pos++) {
            byte[] bad = proof.clone();
            int bit = random.nextInt(8);
            bad[pos] ^= (byte) (1 << bit);
            assertFalse(verifyAlone(SMALL, st, bad), "byte " + pos + " bit " + bit + ", seed " + SEED);
        }

        RingFixture big = new RingFixture(LEDGER, 1, 2, SEED);
        TriptychStatement bst = big.statement(77, RingFixture.body("flip big"));
        byte[] bproof = new TriptychProver(LEDGER).prove(bst, 77, big.secrets[77], new Random(SEED));
        TriptychBatch batch = new TriptychBatch(LEDGER, 64);
        for (int s = 0; s < 64; s++) { // two positions in each 32-byte field of the 1,024-byte proof
            byte[] bad = bproof.clone();
            int pos = 16 * s + random.nextInt(16);
            bad[pos] ^= (byte) (1 << random.nextInt(8));
            batch.add(bst, bad);
        }
        boolean[] valid = new boolean[64];
        assertFalse(batch.verifyEach(valid));
        for (int s = 0; s < 64; s++) {
            assertFalse(valid[s], "sample " + s + ", seed " + SEED);
        }
    }

    /** The proof binds every public input: any change to chain, body (fee, burn, text), bucket, tag is refused. */
    @Test
    void changedStatementIsRefused() {
        RingFixture fx = new RingFixture(SMALL, 2, 9, SEED);
        int slot = 3;
        byte[] body = RingFixture.body("fee=10 burn=90 text=hello");
        TriptychStatement st = fx.statement(slot, body);
        byte[] proof = new TriptychProver(SMALL).prove(st, slot, fx.secrets[slot], new Random(SEED));
        assertTrue(verifyAlone(SMALL, st, proof));

        assertFalse(verifyAlone(SMALL, new TriptychStatement("other-chain", fx.ring, st.tag(), body), proof), "chain id");
        for (String changed : new String[] {"fee=11 burn=90 text=hello", "fee=10 burn=91 text=hello",
                "fee=10 burn=90 text=hellO"}) {
            assertFalse(verifyAlone(SMALL, new TriptychStatement(RingFixture.CHAIN, fx.ring, st.tag(),
                    RingFixture.body(changed)), proof), changed);
        }
        assertFalse(verifyAlone(SMALL, new TriptychStatement(RingFixture.CHAIN, fx.ring, fx.tag(slot + 1), body), proof),
                "another note's tag");
        byte[] keys = keys(fx.ring);
        Ring otherId = Ring.of(2, 10, keys, group);
        Ring otherDenom = Ring.of(3, 9, keys, group);
        assertFalse(verifyAlone(SMALL, new TriptychStatement(RingFixture.CHAIN, otherId, st.tag(), body), proof), "bucket id");
        assertFalse(verifyAlone(SMALL, new TriptychStatement(RingFixture.CHAIN, otherDenom, st.tag(), body), proof), "denom");
        byte[] swapped = keys.clone();
        System.arraycopy(keys, 0, swapped, 32, 32);
        System.arraycopy(keys, 32, swapped, 0, 32);
        Ring reordered = Ring.of(2, 9, swapped, group);
        assertFalse(verifyAlone(SMALL, new TriptychStatement(RingFixture.CHAIN, reordered, st.tag(), body), proof),
                "bucket keys reordered");
        byte[] replaced = keys.clone();
        System.arraycopy(new AnonKeys(SMALL).noteKey(BigInteger.valueOf(12345)), 0, replaced, 0, 32);
        assertFalse(verifyAlone(SMALL, new TriptychStatement(RingFixture.CHAIN, Ring.of(2, 9, replaced, group),
                st.tag(), body), proof), "a bucket key replaced");
        // the prover refuses to prove what it cannot
        assertThrows(IllegalArgumentException.class,
                () -> new TriptychProver(SMALL).prove(st, slot + 1, fx.secrets[slot], new Random(1)));
    }

    @Test
    void nonCanonicalPointsIdentityAndOutOfRangeScalarsAreRefusedOnParse() {
        RingFixture fx = new RingFixture(SMALL, 1, 4, SEED);
        TriptychStatement st = fx.statement(0, RingFixture.body("canonical"));
        byte[] proof = new TriptychProver(SMALL).prove(st, 0, fx.secrets[0], new Random(SEED));
        TriptychParams params = SMALL.params();
        TriptychBatch batch = new TriptychBatch(SMALL, 1);
        for (int p = 0; p < params.pointCount(); p++) {
            BigInteger s = ReferenceTriptychVerifier.littleEndian(proof, 32 * p, 32);
            assertEquals(TriptychBatch.Malformed.POINT, parse(batch, st, withField(proof, p, P.subtract(s))),
                    "negative (odd) s for point " + p);
            assertEquals(TriptychBatch.Malformed.POINT, parse(batch, st, withField(proof, p, s.setBit(255))),
                    "bit 255 set for point " + p);
            assertEquals(TriptychBatch.Malformed.POINT, parse(batch, st, withField(proof, p, BigInteger.ZERO)),
                    "identity for point " + p);
        }
        int firstScalar = params.pointCount();
        for (int q = 0; q < params.scalarCount(); q++) {
            BigInteger s = ReferenceTriptychVerifier.littleEndian(proof, 32 * (firstScalar + q), 32);
            assertEquals(TriptychBatch.Malformed.SCALAR, parse(batch, st, withField(proof, firstScalar + q, s.add(ScalarModL.L))),
                    "scalar " + q + " + L");
            assertEquals(TriptychBatch.Malformed.SCALAR, parse(batch, st, withField(proof, firstScalar + q, ScalarModL.L)),
                    "scalar " + q + " = L");
        }
        byte[] identityTag = new byte[32];
        assertEquals(TriptychBatch.Malformed.POINT,
                parse(batch, new TriptychStatement(RingFixture.CHAIN, fx.ring, identityTag, st.bodyHash()), proof));
        byte[] negTag = ScalarModL.toLittleEndian(P.subtract(ReferenceTriptychVerifier.littleEndian(st.tag(), 0, 32)), 32);
        assertEquals(TriptychBatch.Malformed.POINT,
                parse(batch, new TriptychStatement(RingFixture.CHAIN, fx.ring, negTag, st.bodyHash()), proof));
        assertEquals(TriptychBatch.Malformed.LENGTH, parse(batch, st, java.util.Arrays.copyOf(proof, proof.length - 1)));
        assertEquals(TriptychBatch.Malformed.LENGTH, parse(batch, st, java.util.Arrays.copyOf(proof, proof.length + 32)));
        TriptychStatement wrongRing = new TriptychStatement(RingFixture.CHAIN,
                Ring.of(1, 4, java.util.Arrays.copyOf(keys(fx.ring), 32 * 4), group), st.tag(), st.bodyHash());
        assertEquals(TriptychBatch.Malformed.RING_SIZE, parse(batch, wrongRing, proof));
        assertEquals(TriptychBatch.Malformed.NONE, parse(batch, st, proof));
        // an identity or non-canonical key never becomes a ring member
        byte[] keys = keys(fx.ring);
        java.util.Arrays.fill(keys, 0, 32, (byte) 0);
        assertThrows(IllegalArgumentException.class, () -> Ring.of(1, 4, keys, group));
    }

    /** For random mixes of valid and invalid proofs on two buckets, the batch verdicts are the one-by-one verdicts. */
    @Test
    void batchVerdictEqualsOneByOneVerdictForAnyMix() {
        Random random = new Random(SEED);
        RingFixture a = new RingFixture(SMALL, 1, 1, SEED + 1);
        RingFixture b = new RingFixture(SMALL, 1, 2, SEED + 2);
        TriptychProver prover = new TriptychProver(SMALL);
        List<TriptychStatement> statements = new ArrayList<>();
        List<byte[]> proofs = new ArrayList<>();
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            RingFixture fx = i % 3 == 2 ? b : a;
            int slot = random.nextInt(8);
            TriptychStatement st = fx.statement(slot, RingFixture.body("mix " + i));
            byte[] proof = prover.prove(st, slot, fx.secrets[slot], random);
            int kind = random.nextInt(4);
            if (kind == 1) { // a tampered response: well-formed, fails the equations
                int pos = 32 * SMALL.params().pointCount() + random.nextInt(32 * (SMALL.params().scalarCount() - 1));
                proof[pos] ^= 1;
                proof[pos - pos % 32 + 31] &= 0x0F; // keep it a canonical scalar
            } else if (kind == 2) { // proof for another body
                st = new TriptychStatement(st.chainId(), st.ring(), st.tag(), RingFixture.body("other " + i));
            }
            statements.add(st);
            proofs.add(proof);
            expected.add(verifyAlone(SMALL, st, proof));
            assertEquals(kind == 0 || kind == 3, expected.get(i), "proof " + i + " kind " + kind + ", seed " + SEED);
        }
        TriptychBatch batch = new TriptychBatch(SMALL, 24);
        boolean[] valid = new boolean[24];
        for (int round = 0; round < 60; round++) {
            batch.clear();
            int size = 1 + random.nextInt(12);
            int[] picked = new int[size];
            boolean allExpected = true;
            for (int s = 0; s < size; s++) {
                picked[s] = random.nextInt(24);
                batch.add(statements.get(picked[s]), proofs.get(picked[s]));
                allExpected &= expected.get(picked[s]);
            }
            assertEquals(allExpected, batch.verifyEach(valid), "round " + round + ", seed " + SEED);
            for (int s = 0; s < size; s++) {
                assertEquals(expected.get(picked[s]), valid[s], "round " + round + " member " + s + ", seed " + SEED);
            }
            assertEquals(allExpected, batch.verifyAll());
        }
    }

    /** Ring-sized batches: 16 proofs on one bucket plus 4 on another, one bad one found by verifyEach. */
    @Test
    void ledgerSizeBatchOnSharedBucketsFindsTheBadProof() {
        RingFixture a = new RingFixture(LEDGER, 1, 21, SEED);
        RingFixture b = new RingFixture(LEDGER, 1, 22, SEED + 1);
        TriptychProver prover = new TriptychProver(LEDGER);
        Random random = new Random(SEED);
        TriptychBatch batch = new TriptychBatch(LEDGER, 20);
        for (int i = 0; i < 20; i++) {
            RingFixture fx = i < 16 ? a : b;
            int slot = random.nextInt(1024);
            TriptychStatement st = fx.statement(slot, RingFixture.body("batch " + i));
            byte[] proof = prover.prove(st, slot, fx.secrets[slot], random);
            if (i == 13) {
                st = new TriptychStatement(st.chainId(), st.ring(), st.tag(), RingFixture.body("swapped"));
            }
            assertEquals(TriptychBatch.Malformed.NONE, batch.add(st, proof));
        }
        boolean[] valid = new boolean[20];
        assertFalse(batch.verifyEach(valid));
        for (int i = 0; i < 20; i++) {
            assertEquals(i != 13, valid[i], "proof " + i + ", seed " + SEED);
        }
    }

    @Test
    void tagsLinkSpendsOfOneNoteAndOnlyThose() {
        AnonKeys keys = new AnonKeys(LEDGER);
        Random random = new Random(SEED);
        BigInteger r = AnonKeys.newSecret(random);
        assertArrayEquals(keys.tag(r), keys.tag(r));
        assertFalse(java.util.Arrays.equals(keys.tag(r), keys.tag(AnonKeys.newSecret(random))));
        assertThrows(IllegalArgumentException.class, () -> keys.tag(BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> keys.noteKey(ScalarModL.L));
    }

    static boolean verifyAlone(TriptychGenerators gens, TriptychStatement st, byte[] proof) {
        TriptychBatch batch = new TriptychBatch(gens, 1);
        batch.add(st, proof);
        return batch.verifyAll();
    }

    private static TriptychBatch.Malformed parse(TriptychBatch batch, TriptychStatement st, byte[] proof) {
        batch.clear();
        return batch.add(st, proof);
    }

    private static byte[] withField(byte[] proof, int field, BigInteger value) {
        byte[] r = proof.clone();
        System.arraycopy(ScalarModL.toLittleEndian(value, 32), 0, r, 32 * field, 32);
        return r;
    }

    static byte[] keys(Ring ring) {
        byte[] out = new byte[32 * ring.size()];
        for (int k = 0; k < ring.size(); k++) {
            System.arraycopy(ring.key(k), 0, out, 32 * k, 32);
        }
        return out;
    }
}
