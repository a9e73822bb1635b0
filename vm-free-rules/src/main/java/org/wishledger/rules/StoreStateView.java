package org.wishledger.rules;

import java.util.Optional;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.StoreSnapshot;

/** The committed state as a {@link StateView}: over a live store (each read sees the latest block) or a snapshot. */
public final class StoreStateView {
    private StoreStateView() {
    }

    /** Every call reads the latest committed state (one short read transaction per call). */
    public static StateView of(LedgerStore store) {
        return new StateView() {
            @Override
            public Optional<Account> account(byte[] address) {
                return store.account(address);
            }

            @Override
            public boolean wishExists(byte[] id) {
                return store.read(s -> s.wishExists(id));
            }

            @Override
            public Optional<org.wishledger.ledger.proto.AnonBucket> anonBucket(int denom, long bucketId) {
                return store.read(s -> s.anonBucket(denom, bucketId));
            }

            @Override
            public boolean noteExists(byte[] noteKey) {
                return store.read(s -> s.noteExists(noteKey));
            }

            @Override
            public boolean tagSpent(byte[] tag) {
                return store.read(s -> s.tagSpent(tag));
            }
        };
    }

    /** Reads one fixed block boundary; valid while the snapshot is open. */
    public static StateView of(StoreSnapshot snapshot) {
        return new StateView() {
            @Override
            public Optional<Account> account(byte[] address) {
                return snapshot.account(address);
            }

            @Override
            public boolean wishExists(byte[] id) {
                return snapshot.wishExists(id);
            }

            @Override
            public Optional<org.wishledger.ledger.proto.AnonBucket> anonBucket(int denom, long bucketId) {
                return snapshot.anonBucket(denom, bucketId);
            }

            @Override
            public boolean noteExists(byte[] noteKey) {
                return snapshot.noteExists(noteKey);
            }

            @Override
            public boolean tagSpent(byte[] tag) {
                return snapshot.tagSpent(tag);
            }
        };
    }
}
