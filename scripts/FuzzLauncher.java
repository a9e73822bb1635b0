import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * Runs one @FuzzTest (class, method) on the JUnit platform, as surefire would, for scripts/fuzz: the fuzz
 * JVMs then run straight from each module's compiled classes, so two of them at once never race a Maven
 * build over the same target/ folder. Exit 0 when the test passed, 1 when it failed (a finding).
 */
public final class FuzzLauncher {
    public static void main(String[] args) throws ClassNotFoundException {
        Class<?> testClass = Class.forName(args[0]);
        java.lang.reflect.Method target = java.util.Arrays.stream(testClass.getDeclaredMethods())
                .filter(m -> m.getName().equals(args[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + args[1] + " in " + args[0]));
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(testClass, target)).build(),
                summary);
        summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.err, true), 30);
        long found = summary.getSummary().getTestsFoundCount();
        long failed = summary.getSummary().getTotalFailureCount();
        System.err.println("FuzzLauncher: " + found + " test(s), " + failed + " failure(s)");
        System.exit(found > 0 && failed == 0 ? 0 : 1);
    }
}
