package org.wishledger.scoring.data;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the import formats read by {@code wishledger import} and the scoring tools: wishledger jsonl and
 * HH-RLHF jsonl, as whole files (line splitting, UTF-8, JSON, fields). Documented outcome for a bad file:
 * a {@link WishFormatException} naming the line and the reason. The bytes are fed as a stream to
 * {@code readAll(InputStream)}, the parser {@code readAll(Path)} runs over the file (no file per execution). Anything else thrown is a finding.
 */
class ImportFuzzTest {
    static {
        java.util.logging.LogManager.getLogManager().reset();
    }

    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void wishJsonl(byte[] input) throws Exception {
        try {
            for (WishDraft d : WishJsonl.readAll(new ByteArrayInputStream(input))) {
                assertNotNull(d.desired());
            }
        } catch (WishFormatException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void hhRlhf(byte[] input) throws Exception {
        try {
            for (HhRlhf.Pair p : HhRlhf.readAll(new ByteArrayInputStream(input))) {
                if (p.wishable()) {
                    assertNotNull(HhRlhf.toDraft(p, 1));
                }
            }
        } catch (WishFormatException refused) {
            assertNotNull(refused.getMessage());
        }
    }
}
