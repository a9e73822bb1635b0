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
        };
    }
}
