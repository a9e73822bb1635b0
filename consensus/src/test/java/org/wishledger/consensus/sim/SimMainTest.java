package org.wishledger.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] lines() {
        return out.toString(StandardCharsets.UTF_8).strip().split("\n");
    }

    @Test
    void lastLineIsTheSummary() {
        int code = run("--validators", "4", "--byzantine", "1", "--heights", "3", "--seeds", "5..9", "--loss", "0.1",
                "--partition-until", "2000", "--crash-restarts", "1", "--json");
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        String[] lines = lines();
        assertEquals("runs=5 heights=15 agreement_violations=0 validity_violations=0 liveness_failures=0 double_signs=0",
                lines[lines.length - 1]);
        assertTrue(lines[lines.length - 2].startsWith("{\"runs\":5,"), lines[lines.length - 2]);
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy() {
        assertEquals(2, run("--validators", "3", "--byzantine", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("3F < N"));
        assertEquals(2, run("--seeds", "9..3"));
        assertEquals(2, run("--frobnicate"));
        assertEquals(2, run("--heights"));
    }
}
