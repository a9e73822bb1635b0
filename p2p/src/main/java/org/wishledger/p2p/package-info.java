/**
 * The peer-to-peer layer and the native client port (see docs/p2p.md).
 *
 * <ul>
 * <li>{@link org.wishledger.p2p.PeerManager}: authenticated, encrypted links to peers (one per peer),
 *     persistent peers with backoff, per-channel bounded send queues; reports to a
 *     {@link org.wishledger.p2p.PeerListener} on Netty threads.</li>
 * <li>{@code gossip}: dedup of txs and votes by hash ({@code Gossip}, {@code SeenSet},
 *     {@code PeerKnowledge}) and peers' consensus positions ({@code PeerRoundStates}).</li>
 * <li>{@code sync}: block sync ({@code BlockSyncer} over the node's {@code BlockSource} and
 *     {@code BlockSink}; {@code BlockSyncResponder} serves peers).</li>
 * <li>{@code client}: the native client protocol ({@code ClientServer}, {@code NativeClient}).</li>
 * <li>{@code secure}, {@code frame}: the handshake, the frame cipher and length-prefixed framing.</li>
 * </ul>
 */
package org.wishledger.p2p;
