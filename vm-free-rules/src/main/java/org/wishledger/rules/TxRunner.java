package org.wishledger.rules;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.WishRecord;
import org.wishledger.ledger.store.StoreSnapshot;

/**
 * Runs the txs of one block, in order, over a snapshot: every check happens before any change, so a
 * refused tx leaves the run exactly as it was (which lets a proposer skip it and go on). Collects what
 * the block writes: accounts, new and endorsed wishes, fees and burns.
 */
final class TxRunner {
    private static final Comparator<WishRecord> BY_POSITION =
            Comparator.comparingLong(WishRecord::getHeight).thenComparingInt(WishRecord::getIndex);

    private final StoreSnapshot snapshot;
    private final StateOverlay overlay;
    private final long height;
    private final long timeMs;
    private final Map<ByteKey, WishRecord.Builder> created = new LinkedHashMap<>();
    private final Map<ByteKey, WishRecord.Builder> endorsedOld = new HashMap<>();
    private final AnonBlockEffects anon;
    private long fees;
    private long burned;

    TxRunner(StoreSnapshot snapshot, long height, long timeMs, String chainId) {
        this.snapshot = snapshot;
        this.overlay = new StateOverlay(StoreStateView.of(snapshot));
        this.height = height;
        this.timeMs = timeMs;
        this.anon = new AnonBlockEffects(snapshot, AnonParams.DEFAULTS, chainId, height);
    }

    void run(CheckedTx c, int index) throws Rejection {
        StateRules.check(overlay, c);
        if (c.anonymous()) {
            anon.checkSpend(c);
        }
        long newFees = Unsigned.add(fees, c.fee(), "fees of the block");
        long newBurned = Unsigned.add(burned, c.burn(), "burns of the block");
        TxBody body = c.body();
        WishRecord.Builder endorsed = null;
        long endorseBurn = 0;
        if (body.hasEndorse() || body.hasAnonEndorse()) {
            ByteString wishId = body.hasEndorse() ? body.getEndorse().getWishId() : body.getAnonEndorse().getWishId();
            endorseBurn = c.burn();
            endorsed = endorsedRecord(ByteKey.wrap(wishId.toByteArray()));
            Unsigned.add(endorsed.getEndorsedBurn(), endorseBurn, "endorsed burn of the wish");
        }
        // All checks passed: apply.
        overlay.apply(c);
        fees = newFees;
        burned = newBurned;
        if (c.anonymous()) {
            anon.spend(c, index);
        } else if (body.hasNoteDeposit()) {
            anon.deposit(c);
        }
        if (endorsed != null) {
            endorsed.setEndorsedBurn(endorsed.getEndorsedBurn() + endorseBurn);
        } else if (body.hasWish() || body.hasAnonWish()) {
            byte[] wishId = c.wishId();
            created.put(ByteKey.wrap(wishId), WishRecord.newBuilder()
                    .setId(ByteString.copyFrom(wishId))
                    .setWish(body.hasWish() ? body.getWish() : body.getAnonWish().getWish())
                    .setHeight(height)
                    .setIndex(index)
                    .setTimeMs(timeMs));
        }
    }

    /** The record an endorsement updates: created earlier in this block, endorsed earlier, or committed. */
    private WishRecord.Builder endorsedRecord(ByteKey id) throws Rejection {
        WishRecord.Builder b = created.get(id);
        if (b == null) {
            b = endorsedOld.get(id);
        }
        if (b == null) {
            b = snapshot.wish(id.unsafeBytes())
                    .orElseThrow(() -> new Rejection(ErrorCode.UNKNOWN_WISH, "endorse.wish_id " + id + " is not a committed wish"))
                    .toBuilder();
            endorsedOld.put(id, b);
        }
        return b;
    }

    /** Pays the fees to the proposer and computes the new app hash. */
    ExecutedBlock finish(Block block, byte[] blockId, List<byte[]> txHashes, List<byte[]> encodedTxs,
            ByteKey proposer) throws Rejection {
        if (fees != 0) {
            Account p = overlay.accountOrEmpty(proposer);
            Unsigned.add(p.getBalance(), fees, "proposer balance");
            overlay.credit(proposer, fees);
        }
        long totalBurned = Unsigned.add(snapshot.totalBurned(), burned, "total burned");
        anon.sealDue();
        SortedMap<ByteKey, Account> accounts = new TreeMap<>(overlay.changed);
        // Wishes in chain position order: endorsed older wishes (all below this height), then the new
        // ones in block order. Positions are unique, so this order is total and needs no map.
        List<WishRecord> updated = new ArrayList<>(endorsedOld.size());
        for (WishRecord.Builder b : endorsedOld.values()) {
            updated.add(withTotal(b));
        }
        updated.sort(BY_POSITION);
        List<WishRecord> newWishes = new ArrayList<>(created.size());
        for (WishRecord.Builder b : created.values()) {
            newWishes.add(withTotal(b));
        }
        List<WishRecord> touched = new ArrayList<>(updated.size() + newWishes.size());
        touched.addAll(updated);
        touched.addAll(newWishes);
        byte[] appHash = AppHash.block(snapshot.appHash(), height, accounts, touched, anon.appHashLeaves(),
                snapshot.supply(), totalBurned);
        return new ExecutedBlock(block, blockId, txHashes, accounts, newWishes, updated, fees, burned, totalBurned, appHash,
                encodedTxs, anon.toWrite());
    }

    private static WishRecord withTotal(WishRecord.Builder b) {
        // Cannot overflow: both are burns, and all burns together never exceed the supply.
        return b.setTotalBurn(b.getWish().getBurn() + b.getEndorsedBurn()).build();
    }
}
