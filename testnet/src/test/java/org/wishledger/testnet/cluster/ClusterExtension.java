package org.wishledger.testnet.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a cluster test its {@link LocalCluster}s and cleans up after it: on failure every node's log
 * tail is printed (surefire/failsafe keep it in the test's -output.txt) and the data folder is kept
 * for inspection; on success it is deleted.
 *
 * <pre>{@code @RegisterExtension final ClusterExtension clusters = new ClusterExtension();}</pre>
 */
public final class ClusterExtension implements AfterEachCallback, TestExecutionExceptionHandler {
    private final List<LocalCluster> started = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private boolean failed;

    public LocalCluster start(int validators, int accounts, long seed) throws Exception {
        return start(validators, accounts, seed, "wishledger-it-" + seed);
    }

    public LocalCluster start(int validators, int accounts, long seed, String chainId) throws Exception {
        Path dir = Files.createTempDirectory("wishledger-cluster-");
        dirs.add(dir);
        LocalCluster cluster = LocalCluster.start(dir.resolve("net"), validators, accounts, seed, 0, chainId);
        started.add(cluster);
        return cluster;
    }

    /** A cluster of exactly {@code spec}. */
    public LocalCluster start(org.wishledger.testnet.local.TestnetSpec spec) throws Exception {
        Path dir = Files.createTempDirectory("wishledger-cluster-");
        dirs.add(dir);
        LocalCluster cluster = LocalCluster.start(dir.resolve("net"), spec);
        started.add(cluster);
        return cluster;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        failed = true;
        for (LocalCluster c : started) {
            System.err.println("cluster logs after failure of " + context.getDisplayName() + " (data kept in "
                    + c.layout().dir() + "):\n" + c.logs());
        }
        throw throwable;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (LocalCluster c : started) {
            c.close();
        }
        started.clear();
        if (!failed && context.getExecutionException().isEmpty()) {
            for (Path dir : dirs) {
                deleteRecursively(dir);
            }
        }
        dirs.clear();
        failed = false;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
