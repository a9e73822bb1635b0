package org.wishledger.rules;

import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;

/** Overflow-checked unsigned 64-bit arithmetic for amounts. */
final class Unsigned {
    private Unsigned() {
    }

    static long add(long a, long b, String what) throws Rejection {
        long sum = a + b;
        if (Long.compareUnsigned(sum, a) < 0) {
            throw new Rejection(ErrorCode.OVERFLOW, what + " overflows 64 unsigned bits ("
                    + Long.toUnsignedString(a) + " + " + Long.toUnsignedString(b) + ")");
        }
        return sum;
    }

    static boolean lessThan(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    static String str(long v) {
        return Long.toUnsignedString(v);
    }
}
