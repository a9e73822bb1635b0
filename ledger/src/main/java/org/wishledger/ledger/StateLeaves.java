package org.wishledger.ledger;

import java.nio.ByteBuffer;

/**
 * The byte encoding of one state record as a Merkle leaf: the same leaves feed the app hash (the
 * per-block delta roots, vm-free-rules' AppHash) and the whole-state root of a state snapshot, so both
 * commit to a record in exactly one way. Big-endian, kind byte first:
 * <pre>
 *   genesis = 0x01 || SHA-256(encoded genesis)
 *   account = 0x02 || address || balance(8) || nonce(8)
 *   wish    = 0x03 || height(8) || index(4) || id(32) || burn(8) || endorsed_burn(8) || total_burn(8)
 *   totals  = 0x04 || height(8) || supply(8) || total_burned(8)
 * </pre>
 */
public final class StateLeaves {
    public static final byte KIND_GENESIS = 0x01;
    public static final byte KIND_ACCOUNT = 0x02;
    public static final byte KIND_WISH = 0x03;
    public static final byte KIND_TOTALS = 0x04;

    private StateLeaves() {
    }

    public static byte[] genesis(byte[] genesisHash) {
        return ByteBuffer.allocate(1 + genesisHash.length).put(KIND_GENESIS).put(genesisHash).array();
    }

    public static byte[] account(byte[] address, long balance, long nonce) {
        return ByteBuffer.allocate(1 + address.length + 16).put(KIND_ACCOUNT).put(address)
                .putLong(balance).putLong(nonce).array();
    }

    public static byte[] wish(long height, int index, byte[] id, long burn, long endorsedBurn, long totalBurn) {
        return ByteBuffer.allocate(1 + 8 + 4 + 32 + 8 + 8 + 8).put(KIND_WISH).putLong(height).putInt(index).put(id)
                .putLong(burn).putLong(endorsedBurn).putLong(totalBurn).array();
    }

    public static byte[] totals(long height, long supply, long totalBurned) {
        return ByteBuffer.allocate(1 + 24).put(KIND_TOTALS).putLong(height).putLong(supply).putLong(totalBurned).array();
    }
}
