package org.wishledger.consensus.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.wishledger.consensus.Input;

/**
 * Fuzzes the consensus WAL: one record payload through {@link WalCodec#decode} (documented: an Input, or an
 * IOException naming what is wrong; replay treats that as the torn tail), and a whole file through
 * {@link ConsensusWal#replay} (documented: the valid records, or an IOException saying the WAL is corrupt; a torn tail is cut). A decoded
 * record must re-encode stably. Anything else thrown is a finding.
 */
class WalFuzzTest {
    static {
        java.util.logging.LogManager.getLogManager().reset(); // the log line per rejected input would dominate
    }

    private static Path dir;

    @FuzzTest(maxDuration = "150s", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void walRecord(byte[] payload) {
        Object record;
        try {
            record = WalCodec.decode(payload);
        } catch (IOException refused) {
            return;
        }
        byte[] again = encode(record);
        try {
            assertArrayEquals(again, encode(WalCodec.decode(again)), "encode(decode(x)) is stable");
        } catch (IOException e) {
            throw new AssertionError("a re-encoded record does not decode: " + record, e);
        }
    }

    private static byte[] encode(Object record) {
        return record instanceof BlockRecord block ? WalCodec.encode(block) : WalCodec.encode((Input) record);
    }

    @FuzzTest(maxDuration = "150s", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void walFile(byte[] file) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("fuzz-wal-");
            dir.toFile().deleteOnExit();
        }
        Files.write(dir.resolve(String.format("%020d.wal", 7)), file); // ConsensusWal's file name for height 7
        try (ConsensusWal wal = ConsensusWal.open(dir)) {
            List<Input> replayed = wal.replay(7);
            assertTrue(replayed.isEmpty() || replayed.get(0) instanceof Input.NewHeight, replayed.toString());
        } catch (IOException corrupt) {
            assertTrue(corrupt.getMessage() != null && corrupt.getMessage().contains("corrupt"), corrupt.toString());
        }
    }
}
