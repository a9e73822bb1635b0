package org.wishledger.testnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The anonymous part of a bench mix deposits whole buckets, within the per-block bucket limit. */
class AnonLoadTest {
    @Test
    void depositsWholeBucketsAndRefusesMoreBucketsThanABlockMaySpendFrom() {
        assertEquals(0, AnonLoad.notesFor(0));
        assertEquals(1024, AnonLoad.notesFor(1));
        assertEquals(1024, AnonLoad.notesFor(1024));
        assertEquals(2048, AnonLoad.notesFor(1025));
        assertEquals(8 * 1024, AnonLoad.notesFor(8 * 1024));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnonLoad.notesFor(8 * 1024 + 1));
        assertTrue(e.getMessage().contains("--anon-fraction"), e.getMessage());
    }
}
