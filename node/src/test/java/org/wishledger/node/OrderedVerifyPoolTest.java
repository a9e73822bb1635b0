package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;

class OrderedVerifyPoolTest {

    @Test
    void oneSendersJobsArriveInSubmissionOrderAcrossBatches() throws InterruptedException {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2_000);
        try (OrderedVerifyPool<Integer> pool = new OrderedVerifyPool<>(4, 10_000, 64, batch -> {
            seen.addAll(batch);
            batch.forEach(i -> done.countDown());
        })) {
            Tx tx = tx(new byte[] {1, 2, 3});
            for (int i = 0; i < 2_000; i++) {
                assertTrue(pool.offer(tx, i));
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "all jobs handled");
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                expected.add(i);
            }
            assertEquals(expected, seen);
        }
    }

    /** What makes batch verification pay: jobs that queue while the lane is busy come as one batch. */
    @Test
    void jobsQueuedWhileTheLaneIsBusyComeAsOneBatchOfAtMostMaxBatch() throws InterruptedException {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(301);
        try (OrderedVerifyPool<Integer> pool = new OrderedVerifyPool<>(1, 1_000, 128, batch -> {
            batchSizes.add(batch.size());
            firstStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batch.forEach(i -> done.countDown());
        })) {
            Tx tx = tx(new byte[] {9});
            pool.offer(tx, 0);
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 300; i++) {
                assertTrue(pool.offer(tx, i));
            }
            release.countDown();
            assertTrue(done.await(30, TimeUnit.SECONDS), "all jobs handled");
            assertEquals(List.of(1, 128, 128, 44), batchSizes);
        }
    }

    @Test
    void aFullLaneRefusesInsteadOfGrowing() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (OrderedVerifyPool<Integer> pool = new OrderedVerifyPool<>(1, 10, 8, batch -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            Tx tx = tx(new byte[] {4});
            assertTrue(pool.offer(tx, 0));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                assertTrue(pool.offer(tx, i), "room for " + i);
            }
            assertFalse(pool.offer(tx, 99), "the 11th waiting job is refused");
            release.countDown();
        }
    }

    @Test
    void theLaneKeyIsTheSignerKeyEvenWhenOtherFieldsDiffer() {
        byte[] key = new byte[32];
        key[5] = 7;
        Tx a = Tx.newBuilder().setBodyBytes(TxBody.newBuilder().setChainId("x").setNonce(1)
                .setSignerPubkey(ByteString.copyFrom(key)).build().toByteString()).build();
        Tx b = Tx.newBuilder().setBodyBytes(TxBody.newBuilder().setChainId("y").setNonce(99).setFee(5)
                .setSignerPubkey(ByteString.copyFrom(key)).build().toByteString()).build();
        assertEquals(OrderedVerifyPool.signerHash(a), OrderedVerifyPool.signerHash(b));
        key[5] = 8;
        assertNotEquals(OrderedVerifyPool.signerHash(a), OrderedVerifyPool.signerHash(tx(key)));
        assertEquals(0, OrderedVerifyPool.signerHash(Tx.newBuilder()
                .setBodyBytes(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff})).build()), "garbage lands on lane 0");
    }

    private static Tx tx(byte[] signer) {
        return Tx.newBuilder().setBodyBytes(TxBody.newBuilder()
                .setSignerPubkey(ByteString.copyFrom(signer)).build().toByteString()).build();
    }
}
