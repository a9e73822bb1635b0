package org.wishledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageFailureAdviceTest {
    private static final Path DATA = Path.of("/srv/node0/data");

    @Test
    void aFullDiskUnderTheWalSaysToFreeSpace() {
        Throwable fatal = new UncheckedIOException(new IOException("No space left on device"));
        String advice = StorageFailureAdvice.of(fatal, DATA);
        assertTrue(advice.contains("df -h " + DATA) && advice.contains("start the node again"), advice);
    }

    @Test
    void otherFailuresGetNoStorageAdvice() {
        assertEquals("", StorageFailureAdvice.of(new IllegalStateException("the WAL is corrupt"), DATA));
    }
}
