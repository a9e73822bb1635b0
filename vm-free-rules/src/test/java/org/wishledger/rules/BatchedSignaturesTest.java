package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.store.LedgerStore;

/**
 * The batched paths ({@link Rules#decodeAndVerifyAll} for admission, block validation's parallel signature
 * chunks) give every tx the verdict of the one-by-one check, wherever the bad signatures sit.
 */
class BatchedSignaturesTest {
    private static final long SEED = 4242L;

    @TempDir
    Path dir;

    private final TestChain chain = new TestChain(4, 8);
    private LedgerStore store;

    @BeforeEach
    void open() {
        store = LedgerStore.open(dir);
        assertTrue(Rules.initGenesis(store, chain.genesis));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void batchedAdmissionGivesEachTxTheSingleCheckVerdict() {
        Random random = new Random(SEED);
        List<Tx> txs = chain.signedWishBlock(0, 90); // 720 txs from 8 senders: several batches of 256
        Set<Integer> bad = new HashSet<>();
        for (int k = 0; k < 12; k++) {
            int i = random.nextInt(txs.size());
            bad.add(i);
            txs.set(i, corrupt(txs.get(i), random));
        }
        txs.set(3, txs.get(3).toBuilder().setBodyBytes(ByteString.copyFromUtf8("not a body")).build()); // MALFORMED
        bad.remove(3);

        CheckedTx[] checked = new CheckedTx[txs.size()];
        Rejection[] rejected = new Rejection[txs.size()];
        chain.rules.decodeAndVerifyAll(txs, null, checked, rejected);
        for (int i = 0; i < txs.size(); i++) {
            ErrorCode single = singleVerdict(txs.get(i));
            if (single == null) {
                assertNotNull(checked[i], "tx " + i + " seed " + SEED);
                assertNull(rejected[i]);
                assertEquals(ByteKey.wrap(Hashes.txHash(txs.get(i))), checked[i].hashKey());
            } else {
                assertNull(checked[i], "tx " + i + " seed " + SEED);
                assertEquals(single, rejected[i].code(), "tx " + i + " seed " + SEED);
            }
            assertEquals(bad.contains(i), single == ErrorCode.BAD_SIGNATURE, "tx " + i + " seed " + SEED);
        }
        assertEquals(ErrorCode.MALFORMED, rejected[3].code());
    }

    @Test
    void blockValidationRefusesTheFirstBadSignatureWhereverTheChunksSplit() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 3; round++) {
            List<Tx> txs = chain.signedWishBlock(0, 75); // 600 txs: chunks of up to 256 across the pool
            int first = 100 + random.nextInt(450);
            txs.set(first, corrupt(txs.get(first), random));
            txs.set(first + 20, corrupt(txs.get(first + 20), random));
            Block block = chain.block(store, txs, 0);

            BlockVerdict verdict = chain.rules.validateBlock(store, block, PreVerified.NONE);
            assertFalse(verdict.valid(), "round " + round + " seed " + SEED);
            assertEquals(ErrorCode.BAD_SIGNATURE, verdict.code());
            assertEquals(first, verdict.txIndex(), "the first bad tx is named; round " + round + " seed " + SEED);

            // The same block with the bad ones marked pre-verified elsewhere still fails on them: pre-verified
            // covers only what admission really checked.
            Set<ByteKey> admitted = new HashSet<>();
            for (int i = 0; i < txs.size(); i += 2) {
                if (i != first && i != first + 20) {
                    admitted.add(ByteKey.wrap(Hashes.txHash(txs.get(i))));
                }
            }
            assertEquals(first, chain.rules.validateBlock(store, block, admitted).txIndex());
        }
        List<Tx> honest = chain.signedWishBlock(0, 75);
        assertTrue(chain.rules.validateBlock(store, chain.block(store, honest, 0), PreVerified.NONE).valid());
    }

    private ErrorCode singleVerdict(Tx tx) {
        try {
            chain.rules.decodeAndVerify(tx);
            return null;
        } catch (Rejection r) {
            return r.code();
        }
    }

    /** Flips one random bit of the signature. */
    private static Tx corrupt(Tx tx, Random random) {
        byte[] sig = tx.getSignature().toByteArray();
        int bit = random.nextInt(sig.length * 8);
        sig[bit / 8] ^= (byte) (1 << (bit % 8));
        return tx.toBuilder().setSignature(ByteString.copyFrom(sig)).build();
    }
}
