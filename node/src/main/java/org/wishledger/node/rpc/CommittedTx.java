package org.wishledger.node.rpc;

import org.wishledger.ledger.proto.Tx;

/** A committed transaction and where it sits in the chain. */
public record CommittedTx(Tx tx, long height, int index) {
}
