package org.wishledger.consensus.wal;

import com.google.protobuf.ByteString;

/**
 * A block this validator holds, kept in the WAL beside the inputs: the core logs only block ids, but a
 * validator locked on a block (L38) or holding it as validValue (L42) must be able to re-propose it (L16)
 * after a restart, and nobody else may still hold it. Without it a restarted proposer that locked on its
 * own block can stall the chain for good (the simulator found exactly this; docs/consensus.md).
 *
 * @param built   true for a block this validator built (an unsigned proposal), false for a signed one received
 * @param payload the host's encoding of its proposal message (which carries the block)
 */
public record BlockRecord(long height, ByteString blockId, boolean built, byte[] payload) {
}
