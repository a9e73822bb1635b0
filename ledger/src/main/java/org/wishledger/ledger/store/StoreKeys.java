package org.wishledger.ledger.store;

import java.nio.ByteBuffer;

/**
 * Key layouts of the LMDB databases. Numbers are big-endian so LMDB's byte order is numeric order:
 * a cursor over (height, index) keys walks blocks, txs and wishes in chain order, and a range scan
 * that starts at a position costs O(log n) to find plus O(k) to read k entries.
 */
final class StoreKeys {
    /** height (8) || index (4): the position of a tx in the chain; keys of the txs and wishes dbs. */
    static final int LOCATION_LENGTH = 12;
    static final int HEIGHT_LENGTH = 8;

    private StoreKeys() {
    }

    static ByteBuffer height(ByteBuffer dst, long height) {
        dst.clear();
        dst.putLong(height).flip();
        return dst;
    }

    static ByteBuffer location(ByteBuffer dst, long height, int index) {
        dst.clear();
        dst.putLong(height).putInt(index).flip();
        return dst;
    }

    static ByteBuffer bytes(ByteBuffer dst, byte[] bytes) {
        dst.clear();
        dst.put(bytes).flip();
        return dst;
    }

    static ByteBuffer bytes(ByteBuffer dst, byte[] a, byte[] b) {
        dst.clear();
        dst.put(a).put(b).flip();
        return dst;
    }
}
