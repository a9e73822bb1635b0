/**
 * The node daemon: it wires the ledger store, the rules, the consensus agent, p2p, the mempool, block
 * application, the scoring service, the RPC server ({@code rpc}) and metrics ({@code metrics}) from one
 * node home. It depends on the client module only for the RPC's JSON views; it never imports the CLI
 * or the local cluster launcher (module {@code testnet} depends on this one, not the reverse).
 */
package org.wishledger.node;
