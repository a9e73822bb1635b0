package org.wishledger.scoring.data;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the import formats read by {@code wishledger import} and the scoring tools: wishledger jsonl and
 * HH-RLHF jsonl, as whole files (line splitting, UTF-8, JSON, fields). Documented outcome for a bad file:
 * a {@link WishFormatException} naming the line and the reason. Anything else thrown is a finding.
 */
class ImportFuzzTest {
    static {
        java.util.logging.LogManager.getLogManager().reset();
    }

    private static Path file;

    private static Path write(byte[] input) throws Exception {
        if (file == null) {
            file = Files.createTempFile("fuzz-import-", ".jsonl");
            file.toFile().deleteOnExit();
        }
        Files.write(file, input);
        return file;
    }

    @FuzzTest(maxDuration = "150s", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void wishJsonl(byte[] input) throws Exception {
        try {
            for (WishDraft d : WishJsonl.readAll(write(input))) {
                assertNotNull(d.desired());
            }
        } catch (WishFormatException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @FuzzTest(maxDuration = "150s", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void hhRlhf(byte[] input) throws Exception {
        try {
            for (HhRlhf.Pair p : HhRlhf.readAll(write(input))) {
                if (p.wishable()) {
                    assertNotNull(HhRlhf.toDraft(p, 1));
                }
            }
        } catch (WishFormatException refused) {
            assertNotNull(refused.getMessage());
        }
    }
}
