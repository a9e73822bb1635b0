package org.wishledger.consensus.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
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

    private static final Path NAME = Path.of(String.format("%020d.wal", 7)); // ConsensusWal's name for height 7

    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
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

    /**
     * The bytes go straight into {@link ConsensusWal#scan}, the parser {@code replay} runs over a file's
     * channel (writing a file per execution held the target near 1,000 exec/s); the file step is
     * {@code ConsensusWalTest}'s.
     */
    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void walFile(byte[] file) {
        try {
            List<Input> replayed = ConsensusWal.scan(NAME, file.length, (into, position) -> {
                if (position >= file.length) {
                    return -1;
                }
                int n = (int) Math.min(into.remaining(), file.length - position);
                into.put(file, (int) position, n);
                return n;
            }).records().inputs();
            assertTrue(replayed.isEmpty() || replayed.get(0) instanceof Input.NewHeight, replayed.toString());
        } catch (IOException corrupt) {
            assertTrue(corrupt.getMessage() != null && corrupt.getMessage().contains("corrupt"), corrupt.toString());
        }
    }
}
