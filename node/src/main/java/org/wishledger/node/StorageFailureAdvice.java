package org.wishledger.node;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What to tell an operator whose node stopped on a storage error: LMDB reports a full disk as EIO or
 * ENOSPC from the commit, the WAL as an IOException "No space left on device". The stop itself is safe
 * (LMDB's commit is atomic, the WAL's torn tail is cut on the next start), so the advice is to make
 * room and start again; the node resumes from its last committed block and catches up.
 */
final class StorageFailureAdvice {
    private StorageFailureAdvice() {
    }

    /** The advice for {@code fatal}, or "" when it is not a storage failure. */
    static String of(Throwable fatal, Path dataDir) {
        for (Throwable t = fatal; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            boolean lmdb = t.getClass().getName().startsWith("org.lmdbjava.");
            if (m.contains("no space left") || m.contains("enospc") || (lmdb && (m.contains("eio") || m.contains("map")))) {
                return "; the data directory " + dataDir + " is probably full or failing: free space (df -h "
                        + dataDir + ") and start the node again: nothing committed is lost, it resumes from its last "
                        + "block and catches up from its peers";
            }
        }
        return "";
    }
}
