package org.wishledger.testnet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
    void oneSendersTasksRunInSubmissionOrder() throws InterruptedException {
        try (OrderedVerifyPool pool = new OrderedVerifyPool(4, 10_000)) {
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(2_000);
            Tx tx = tx(new byte[] {1, 2, 3});
            for (int i = 0; i < 2_000; i++) {
                int n = i;
                pool.execute(tx, () -> {
                    seen.add(n);
                    done.countDown();
                });
            }
            done.await(30, TimeUnit.SECONDS);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                expected.add(i);
            }
            assertEquals(expected, seen);
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
