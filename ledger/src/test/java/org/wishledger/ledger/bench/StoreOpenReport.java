package org.wishledger.ledger.bench;

import java.nio.file.Path;
import org.wishledger.ledger.store.LedgerStore;

/**
 * Times {@link LedgerStore#open} of an existing store: the migration of a format-1 store (its LMDB
 * tx_index moves into the hash index file), the catch-up after a crash, or a plain open.
 *
 * <pre>StoreOpenReport DIR [DIR...]</pre>
 */
public final class StoreOpenReport {
    private StoreOpenReport() {
    }

    public static void main(String[] args) {
        for (String d : args) {
            long t0 = System.nanoTime();
            try (LedgerStore store = LedgerStore.open(Path.of(d))) {
                long opened = System.nanoTime();
                System.out.printf("%s: opened at height %d in %.1f s%n", d, store.height(), (opened - t0) / 1e9);
            }
        }
    }
}
