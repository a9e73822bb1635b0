package org.wishledger.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.StateLeaves;
import org.wishledger.ledger.crypto.MerkleTree;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.WishRecord;

/**
 * The state commitment ("app hash"), a hash chain of per-block state deltas:
 * <pre>
 *   app_hash(0) = H(DOMAIN || 0^32            || root(genesis leaf, every account, totals))
 *   app_hash(h) = H(DOMAIN || app_hash(h - 1) || root(every account and wish block h wrote, totals))
 * </pre>
 * where root is the RFC 6962 Merkle root ({@link MerkleTree}) over the leaves sorted by (kind, key) —
 * accounts by address, wishes by chain position (height, index), which is unique and needs no sort —
 * and each leaf holds the full new value of its record. Since the state after block h is exactly
 * genesis with the deltas of blocks 1..h applied, app_hash(h) commits to every account, every wish
 * with its total burn, and the totals, while costing O(records the block touched), not O(state).
 * See docs/ledger.md for the trade-off against a full state Merkle tree.
 */
final class AppHash {
    private static final byte[] DOMAIN = "wishledger/app-hash/v1".getBytes(StandardCharsets.US_ASCII);

    private AppHash() {
    }

    static byte[] genesis(byte[] genesisHash, SortedMap<ByteKey, Account> accounts, long supply) {
        List<byte[]> leaves = new ArrayList<>(accounts.size() + 2);
        leaves.add(StateLeaves.genesis(genesisHash));
        addAccounts(leaves, accounts);
        leaves.add(totals(0, supply, 0));
        return chain(new byte[Sha256.LENGTH], MerkleTree.root(leaves));
    }

    /**
     * @param wishesByPosition every wish record the block created or endorsed, in chain position
     *                         (height, index) order — their key in the commitment
     */
    static byte[] block(byte[] parent, long height, SortedMap<ByteKey, Account> accounts,
            List<WishRecord> wishesByPosition, long supply, long totalBurned) {
        return block(parent, height, accounts, wishesByPosition, List.of(), supply, totalBurned);
    }

    /**
     * @param anonLeaves the anonymous-note leaves of the block (buckets, notes, tags, escrow; see
     *                   AnonBlockEffects), empty when it did nothing anonymous
     */
    static byte[] block(byte[] parent, long height, SortedMap<ByteKey, Account> accounts,
            List<WishRecord> wishesByPosition, List<byte[]> anonLeaves, long supply, long totalBurned) {
        List<byte[]> leaves = new ArrayList<>(accounts.size() + wishesByPosition.size() + 1);
        addAccounts(leaves, accounts);
        for (WishRecord w : wishesByPosition) {
            leaves.add(StateLeaves.wish(w.getHeight(), w.getIndex(), w.getId().toByteArray(), w.getWish().getBurn(),
                    w.getEndorsedBurn(), w.getTotalBurn()));
        }
        leaves.addAll(anonLeaves);
        leaves.add(totals(height, supply, totalBurned));
        return chain(parent, MerkleTree.root(leaves));
    }

    private static void addAccounts(List<byte[]> leaves, SortedMap<ByteKey, Account> accounts) {
        for (var e : accounts.entrySet()) {
            leaves.add(StateLeaves.account(e.getKey().unsafeBytes(), e.getValue().getBalance(), e.getValue().getNonce()));
        }
    }

    private static byte[] totals(long height, long supply, long totalBurned) {
        return StateLeaves.totals(height, supply, totalBurned);
    }

    private static byte[] chain(byte[] parent, byte[] deltaRoot) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(DOMAIN);
            d.update(parent);
            d.update(deltaRoot);
            return d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
