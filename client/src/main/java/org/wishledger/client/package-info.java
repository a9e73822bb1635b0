/**
 * The Java client of a wishledger node: the native protocol ({@link org.wishledger.client.NativeClient},
 * with the length-prefixed framing in {@code wire} that the node's client port shares), the RPC client
 * and its JSON views ({@code proto}), the tx builder and the wallet. It carries no LMDB, no server and
 * no embedding model, so an application that only submits and reads pulls in protobuf, Netty's client
 * side and Bouncy Castle.
 */
package org.wishledger.client;
