package org.wishledger.ledger.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wishledger.ledger.StateLeaves;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.MerkleTree;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.SnapshotAccount;
import org.wishledger.ledger.proto.SnapshotChunk;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.SnapshotWish;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.WishRecord;

/**
 * What makes a snapshot trustworthy, checked from bytes a peer sent:
 * <ul>
 *   <li>chunk root = Merkle root of the chunk's records as {@link StateLeaves} (never of its protobuf
 *       bytes, so the check does not depend on an encoder), each wish's id = SHA-256 of its tx, and the
 *       wish's burn taken from that tx;</li>
 *   <li>state root = Merkle root of [genesis leaf, totals leaf, chunk roots...];</li>
 *   <li>a chunk holds exactly the records its index stands for (accounts first, then wishes), in strictly
 *       increasing key order, continuing from the previous chunk (the restorer checks the seam).</li>
 * </ul>
 * The manifest's app hash and last block id are checked by the caller against a header proven by a
 * commit; see docs/ledger.md for what that does and does not prove yet.
 */
public final class SnapshotVerifier {
    private SnapshotVerifier() {
    }

    public static byte[] stateRoot(SnapshotManifest m) {
        List<byte[]> leaves = new ArrayList<>(m.getChunkRootsCount() + 2);
        leaves.add(StateLeaves.genesis(Sha256.hash(m.getGenesis().toByteArray())));
        leaves.add(StateLeaves.totals(m.getHeight(), m.getSupply(), m.getTotalBurned()));
        for (ByteString r : m.getChunkRootsList()) {
            leaves.add(r.toByteArray());
        }
        return MerkleTree.root(leaves);
    }

    /** The Merkle root of a chunk's records; refuses a wish whose tx does not hash to its id. */
    public static byte[] chunkRoot(SnapshotChunk c) throws Rejection {
        List<byte[]> leaves = new ArrayList<>(c.getAccountsCount() + c.getWishesCount());
        for (SnapshotAccount a : c.getAccountsList()) {
            leaves.add(StateLeaves.account(a.getAddress().toByteArray(), a.getBalance(), a.getNonce()));
        }
        for (SnapshotWish w : c.getWishesList()) {
            WishRecord r = w.getRecord();
            byte[] tx = w.getTx().toByteArray();
            if (!Arrays.equals(Sha256.hash(tx), r.getId().toByteArray())) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + c.getIndex() + ": the tx of wish "
                        + r.getHeight() + "/" + r.getIndex() + " does not hash to its id");
            }
            leaves.add(StateLeaves.wish(r.getHeight(), r.getIndex(), r.getId().toByteArray(), wishBody(tx, c).getWish().getBurn(),
                    r.getEndorsedBurn(), r.getTotalBurn()));
        }
        return MerkleTree.root(leaves);
    }

    /** Checks a manifest on its own: format, shape, and that its state root is the root of its parts. */
    public static void checkManifest(SnapshotManifest m) throws Rejection {
        if (m.getFormat() != StateSnapshotWriter.FORMAT) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot format " + m.getFormat() + " is not "
                    + StateSnapshotWriter.FORMAT);
        }
        if (m.getRecordsPerChunk() <= 0 || m.getAccounts() < 0 || m.getWishes() < 0) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot manifest has a bad shape");
        }
        long records = m.getAccounts() + m.getWishes();
        long chunks = (records + m.getRecordsPerChunk() - 1) / m.getRecordsPerChunk();
        if (chunks != m.getChunkRootsCount()) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot manifest lists " + m.getChunkRootsCount()
                    + " chunks for " + records + " records (expected " + chunks + ")");
        }
        for (ByteString r : m.getChunkRootsList()) {
            if (r.size() != Sha256.LENGTH) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot manifest has a chunk root of " + r.size() + " bytes");
            }
        }
        byte[] root = stateRoot(m);
        if (!Arrays.equals(root, m.getStateRoot().toByteArray())) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot state root " + Hex.encode(m.getStateRoot().toByteArray())
                    + " is not the root of its parts (" + Hex.encode(root) + ")");
        }
    }

    /** Decodes chunk {@code index} of the manifest's snapshot and checks it against its root and shape. */
    public static SnapshotChunk checkChunk(SnapshotManifest m, int index, byte[] bytes) throws Rejection {
        SnapshotChunk c;
        try {
            c = SnapshotChunk.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new Rejection(ErrorCode.MALFORMED, "snapshot chunk " + index + " does not decode: " + e.getMessage());
        }
        if (index < 0 || index >= m.getChunkRootsCount() || c.getIndex() != index || c.getHeight() != m.getHeight()) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + c.getHeight() + "/" + c.getIndex()
                    + " is not chunk " + index + " of the snapshot at height " + m.getHeight());
        }
        long start = (long) index * m.getRecordsPerChunk();
        long end = Math.min(start + m.getRecordsPerChunk(), m.getAccounts() + m.getWishes());
        long accounts = Math.max(0, Math.min(end, m.getAccounts()) - start);
        if (c.getAccountsCount() != accounts || c.getWishesCount() != end - start - accounts) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + " holds " + c.getAccountsCount()
                    + " accounts and " + c.getWishesCount() + " wishes; expected " + accounts + " and " + (end - start - accounts));
        }
        for (int i = 0; i < c.getAccountsCount(); i++) {
            if (c.getAccounts(i).getAddress().size() != 20) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + ": an address is not 20 bytes");
            }
            if (i > 0 && ByteString.unsignedLexicographicalComparator().compare(c.getAccounts(i - 1).getAddress(),
                    c.getAccounts(i).getAddress()) >= 0) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + ": accounts out of order");
            }
        }
        for (int i = 0; i < c.getWishesCount(); i++) {
            WishRecord r = c.getWishes(i).getRecord();
            if (r.getId().size() != Sha256.LENGTH || r.getHeight() <= 0 || r.getHeight() > m.getHeight() || r.hasWish()) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + ": a wish record has a bad id,"
                        + " height or an inline text");
            }
            if (i > 0 && comparePositions(c.getWishes(i - 1).getRecord(), r) >= 0) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + ": wishes out of order");
            }
        }
        byte[] root = chunkRoot(c);
        if (!Arrays.equals(root, m.getChunkRoots(index).toByteArray())) {
            throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + index + " does not match its root in the manifest");
        }
        return c;
    }

    static int comparePositions(WishRecord a, WishRecord b) {
        int h = Long.compareUnsigned(a.getHeight(), b.getHeight());
        return h != 0 ? h : Integer.compareUnsigned(a.getIndex(), b.getIndex());
    }

    private static TxBody wishBody(byte[] tx, SnapshotChunk c) throws Rejection {
        try {
            TxBody body = TxBody.parseFrom(org.wishledger.ledger.proto.Tx.parseFrom(tx).getBodyBytes());
            if (!body.hasWish()) {
                throw new Rejection(ErrorCode.INVALID_FIELD, "snapshot chunk " + c.getIndex() + ": a wish's tx is not a wish");
            }
            return body;
        } catch (InvalidProtocolBufferException e) {
            throw new Rejection(ErrorCode.MALFORMED, "snapshot chunk " + c.getIndex() + ": a wish's tx does not decode");
        }
    }
}
