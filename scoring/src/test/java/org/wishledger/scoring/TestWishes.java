package org.wishledger.scoring;

import java.nio.ByteBuffer;
import java.util.List;

/** Builders shared by the tests. */
public final class TestWishes {
    private TestWishes() {
    }

    public static byte[] id(int i) {
        return ByteBuffer.allocate(32).putInt(0, 0x57150000).putInt(28, i).array();
    }

    public static WishInput wish(int i, long burn) {
        return new WishInput(id(i), "scenario " + i, "desired " + i, i % 3 == 0 ? null : "undesired " + i, burn,
                1_700_000_000_000L + i, 1 + i / 10, List.of(i % 2 == 0 ? "even" : "odd"));
    }
}
