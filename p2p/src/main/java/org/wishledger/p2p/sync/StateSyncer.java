package org.wishledger.p2p.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SnapshotChunkRequest;
import org.wishledger.ledger.proto.SnapshotChunkResponse;
import org.wishledger.ledger.proto.SnapshotManifest;
import org.wishledger.ledger.proto.SnapshotManifestRequest;
import org.wishledger.ledger.proto.SnapshotManifestResponse;
import org.wishledger.ledger.proto.SnapshotsRequest;
import org.wishledger.ledger.proto.SyncBlockRequest;
import org.wishledger.ledger.proto.SyncBlockResponse;
import org.wishledger.ledger.store.SnapshotVerifier;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerSender;
import org.wishledger.p2p.SendResult;

/**
 * Fetches a state snapshot from peers into an empty store (CometBFT's state sync is the model):
 * <ol>
 * <li>asks every peer which snapshots it holds and, after a short wait for offers, picks the newest
 *     height offered (by one peer or more);</li>
 * <li>fetches that snapshot's manifest and block h+1 with its commit from one offering peer; the sink
 *     checks the anchor (+2/3 precommits of the known validators over a header carrying the manifest's
 *     app hash and tip) and begins the restore;</li>
 * <li>fetches the chunks, at most {@code window} ahead and {@code maxPendingPerPeer} at one peer, from
 *     every peer offering the height; each chunk is verified on arrival (its Merkle root against the
 *     manifest's), and a peer that serves a bad chunk is dropped ({@code misbehaving}) and the chunk
 *     fetched from another; verified chunks go to the sink strictly in order;</li>
 * <li>completes {@link #done()} with the manifest once the last chunk is written.</li>
 * </ol>
 * A manifest or anchor that fails gets its peer dropped and the choice made again. If no snapshot is
 * offered within {@code giveUpMillis}, {@link #done()} completes empty (the node block-syncs from genesis).
 * Once the restore has begun there is no way back to an empty store: if no peer can serve the remaining
 * chunks, {@link #done()} fails and the node must start again on an empty data directory.
 *
 * <p>Threading: as {@link BlockSyncer}, all state lives on the syncer's own thread; {@code on*} methods
 * only hand events over (Netty threads may call them).
 */
public final class StateSyncer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateSyncer.class);
    private static final long TICK_MILLIS = 50;
    private static final long ASK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private enum Phase { DISCOVER, ANCHOR, CHUNKS, DONE }

    private final PeerSender peers;
    private final StateSink sink;
    private final StateSyncConfig config;
    private final BiConsumer<PeerId, String> misbehaving;
    private final ScheduledExecutorService thread;
    private final CompletableFuture<Optional<SnapshotManifest>> done = new CompletableFuture<>();

    // ---- syncer-thread state ----
    private final Map<PeerId, List<Long>> offers = new HashMap<>();
    private final Set<PeerId> banned = new HashSet<>();
    private Phase phase = Phase.DISCOVER;
    private long startNanos;
    private long firstOfferNanos = -1;
    private long lastAskNanos;
    private long lastLogNanos;
    // ANCHOR phase: one peer asked for the manifest and block h+1
    private long height;
    private PeerId anchorPeer;
    private long anchorDeadline;
    private SnapshotManifest manifest;
    private SyncBlockResponse anchorBlock;
    // CHUNKS phase
    private int chunks;
    private int nextApply;
    private final TreeMap<Integer, Pending> pending = new TreeMap<>();
    private final TreeMap<Integer, byte[]> verified = new TreeMap<>();
    private final Map<Integer, Set<PeerId>> failedAt = new HashMap<>();
    private final Map<PeerId, Integer> load = new HashMap<>();
    private long bytesFetched;
    private long chunksStartNanos;
    private int roundRobin;

    public StateSyncer(PeerSender peers, StateSink sink, StateSyncConfig config, BiConsumer<PeerId, String> misbehaving) {
        this.peers = peers;
        this.sink = sink;
        this.config = config;
        this.misbehaving = misbehaving;
        this.thread = SyncThreads.daemon("state-sync");
    }

    /** The restored snapshot's manifest, or empty if no peer offered one in time. */
    public CompletableFuture<Optional<SnapshotManifest>> done() {
        return done;
    }

    public void start() {
        run(() -> {
            startNanos = System.nanoTime();
            lastLogNanos = startNanos;
            LOG.info("state sync starting with {} peers", peers.peers().size());
            askOffers(startNanos);
        });
        thread.scheduleAtFixedRate(() -> {
            try {
                pump();
            } catch (RuntimeException e) {
                LOG.error("state sync tick failed", e);
            }
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void onPeerConnected(PeerId peer) {
        run(() -> {
            if (phase == Phase.DISCOVER) {
                peers.send(peer, PeerMessage.newBuilder().setSnapshotsRequest(SnapshotsRequest.getDefaultInstance()).build());
            }
        });
    }

    public void onPeerDisconnected(PeerId peer) {
        run(() -> {
            offers.remove(peer);
            load.remove(peer);
            pending.values().removeIf(p -> p.peer.equals(peer));
            if (phase == Phase.ANCHOR && peer.equals(anchorPeer)) {
                anchorDeadline = 0; // pick again on the next tick
            }
        });
    }

    /** @return true if the message belongs to state sync (offers, manifests, chunks, the anchor block) */
    public boolean onMessage(PeerId peer, PeerMessage message) {
        switch (message.getMessageCase()) {
            case SNAPSHOTS_OFFER -> run(() -> onOffer(peer, message.getSnapshotsOffer().getHeightsList()));
            case MANIFEST_RESPONSE -> run(() -> onManifest(peer, message.getManifestResponse()));
            case BLOCK_RESPONSE -> run(() -> onAnchorBlock(peer, message.getBlockResponse()));
            case NO_BLOCK -> run(() -> onNoAnchorBlock(peer, message.getNoBlock().getHeight()));
            case CHUNK_RESPONSE -> run(() -> onChunk(peer, message.getChunkResponse()));
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        SyncThreads.close(thread);
    }

    // ---- on the syncer thread ----------------------------------------------------------------------

    private void pump() {
        long now = System.nanoTime();
        switch (phase) {
            case DISCOVER -> discover(now);
            case ANCHOR -> {
                if (now - anchorDeadline >= 0) {
                    LOG.info("state sync: peer {} did not serve snapshot {} and its anchor in time", anchorPeer, height);
                    dropOffer(anchorPeer, height);
                    backToDiscover();
                }
            }
            case CHUNKS -> {
                expireChunkRequests(now);
                applyReady();
                requestChunks(now);
                logProgress(now, false);
            }
            case DONE -> {
            }
        }
    }

    private void askOffers(long now) {
        lastAskNanos = now;
        peers.broadcast(PeerMessage.newBuilder().setSnapshotsRequest(SnapshotsRequest.getDefaultInstance()).build());
    }

    private void onOffer(PeerId peer, List<Long> heights) {
        if (banned.contains(peer)) {
            return;
        }
        offers.put(peer, new ArrayList<>(heights));
        if (!heights.isEmpty() && firstOfferNanos < 0) {
            firstOfferNanos = System.nanoTime();
        }
    }

    private void discover(long now) {
        if (now - lastAskNanos >= ASK_EVERY_NANOS) {
            askOffers(now);
        }
        long best = newestOffered();
        boolean allAnswered = !peers.peers().isEmpty() && offers.keySet().containsAll(peers.peers());
        boolean waited = firstOfferNanos >= 0 && now - firstOfferNanos >= TimeUnit.MILLISECONDS.toNanos(config.discoverMillis());
        if (best > 0 && (waited || allAnswered)) {
            chooseAnchorPeer(best, now);
        } else if (now - startNanos >= TimeUnit.MILLISECONDS.toNanos(config.giveUpMillis())) {
            LOG.warn("state sync: no snapshot offered in {} ms by {} peers; block-syncing from genesis instead",
                    config.giveUpMillis(), peers.peers().size());
            phase = Phase.DONE;
            done.complete(Optional.empty());
        }
    }

    private long newestOffered() {
        long best = 0;
        for (Map.Entry<PeerId, List<Long>> e : offers.entrySet()) {
            if (!banned.contains(e.getKey())) {
                for (long h : e.getValue()) {
                    best = Math.max(best, h);
                }
            }
        }
        return best;
    }

    private List<PeerId> offering(long h) {
        List<PeerId> out = new ArrayList<>();
        for (Map.Entry<PeerId, List<Long>> e : offers.entrySet()) {
            if (!banned.contains(e.getKey()) && e.getValue().contains(h)) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private void chooseAnchorPeer(long h, long now) {
        List<PeerId> holders = offering(h);
        PeerId peer = holders.get(Math.floorMod(roundRobin++, holders.size()));
        height = h;
        anchorPeer = peer;
        manifest = null;
        anchorBlock = null;
        anchorDeadline = now + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMillis());
        phase = Phase.ANCHOR;
        LOG.info("state sync: chose snapshot at height {} ({} peers offer it); asking {} for its manifest and block {}",
                h, holders.size(), peer, h + 1);
        peers.send(peer, PeerMessage.newBuilder().setManifestRequest(SnapshotManifestRequest.newBuilder().setHeight(h)).build());
        peers.send(peer, PeerMessage.newBuilder().setBlockRequest(SyncBlockRequest.newBuilder().setHeight(h + 1)).build());
    }

    private void backToDiscover() {
        phase = Phase.DISCOVER;
        anchorPeer = null;
        firstOfferNanos = newestOffered() > 0 ? System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(config.discoverMillis()) : -1;
    }

    private void dropOffer(PeerId peer, long h) {
        List<Long> hs = offers.get(peer);
        if (hs != null) {
            hs.remove(h);
        }
    }

    private void onManifest(PeerId peer, SnapshotManifestResponse r) {
        if (phase != Phase.ANCHOR || !peer.equals(anchorPeer) || r.getHeight() != height) {
            return;
        }
        if (!r.getFound()) {
            LOG.info("state sync: peer {} no longer holds snapshot {}", peer, height);
            dropOffer(peer, height);
            backToDiscover();
            return;
        }
        try {
            SnapshotVerifier.checkManifest(r.getManifest());
            if (r.getManifest().getHeight() != height) {
                throw new Rejection(org.wishledger.ledger.proto.ErrorCode.INVALID_FIELD,
                        "manifest of height " + r.getManifest().getHeight() + " asked for " + height);
            }
        } catch (Rejection e) {
            ban(peer, "bad snapshot manifest " + height + ": " + e.getMessage());
            backToDiscover();
            return;
        }
        manifest = r.getManifest();
        tryBegin();
    }

    private void onAnchorBlock(PeerId peer, SyncBlockResponse r) {
        if (phase != Phase.ANCHOR || !peer.equals(anchorPeer) || r.getBlock().getHeader().getHeight() != height + 1) {
            return;
        }
        anchorBlock = r;
        tryBegin();
    }

    private void onNoAnchorBlock(PeerId peer, long h) {
        if (phase == Phase.ANCHOR && peer.equals(anchorPeer) && h == height + 1) {
            // The snapshot is of the peer's tip and block h+1 is not decided yet: ask again shortly.
            thread.schedule(() -> {
                if (phase == Phase.ANCHOR && peer.equals(anchorPeer) && anchorBlock == null) {
                    peers.send(peer, PeerMessage.newBuilder().setBlockRequest(SyncBlockRequest.newBuilder().setHeight(h)).build());
                }
            }, 200, TimeUnit.MILLISECONDS);
        }
    }

    private void tryBegin() {
        if (manifest == null || anchorBlock == null) {
            return;
        }
        try {
            sink.begin(manifest, anchorBlock);
        } catch (Rejection e) {
            ban(anchorPeer, "snapshot " + height + " fails its anchor: " + e.getMessage());
            backToDiscover();
            return;
        }
        chunks = manifest.getChunkRootsCount();
        phase = Phase.CHUNKS;
        chunksStartNanos = System.nanoTime();
        LOG.info("state sync: snapshot at height {} anchored by block {} ({} accounts, {} wishes, {} chunks); fetching chunks",
                height, height + 1, manifest.getAccounts(), manifest.getWishes(), chunks);
        pump();
    }

    private void onChunk(PeerId peer, SnapshotChunkResponse r) {
        if (phase != Phase.CHUNKS || r.getHeight() != height) {
            return;
        }
        Pending request = pending.get(r.getIndex());
        if (request == null || !request.peer.equals(peer)) {
            return; // late answer to a request that timed out and went elsewhere
        }
        pending.remove(r.getIndex());
        load.merge(peer, -1, Integer::sum);
        if (!r.getFound()) {
            LOG.info("state sync: peer {} no longer holds snapshot {}", peer, height);
            dropOffer(peer, height);
            failedAt.computeIfAbsent(r.getIndex(), i -> new HashSet<>()).add(peer);
        } else {
            byte[] bytes = r.getChunk().toByteArray();
            try {
                SnapshotVerifier.checkChunk(manifest, r.getIndex(), bytes);
                verified.put(r.getIndex(), bytes);
                bytesFetched += bytes.length;
            } catch (Rejection e) {
                failedAt.computeIfAbsent(r.getIndex(), i -> new HashSet<>()).add(peer);
                ban(peer, "bad snapshot chunk " + r.getIndex() + " of height " + height + ": " + e.getMessage());
            }
        }
        pump();
    }

    private void applyReady() {
        byte[] next;
        while ((next = verified.remove(nextApply)) != null) {
            try {
                sink.apply(nextApply, next);
            } catch (Rejection e) {
                // Verified alone but not at its seam with the previous chunk: refetch it elsewhere.
                LOG.warn("state sync: chunk {} rejected at restore: {}; fetching it again", nextApply, e.getMessage());
                return;
            }
            nextApply++;
        }
        if (nextApply == chunks && phase == Phase.CHUNKS) {
            sink.finish();
            phase = Phase.DONE;
            logProgress(System.nanoTime(), true);
            done.complete(Optional.of(manifest));
        }
    }

    private void expireChunkRequests(long now) {
        Iterator<Map.Entry<Integer, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Pending> e = it.next();
            if (now - e.getValue().deadlineNanos < 0) {
                continue;
            }
            it.remove();
            load.merge(e.getValue().peer, -1, Integer::sum);
            failedAt.computeIfAbsent(e.getKey(), i -> new HashSet<>()).add(e.getValue().peer);
            LOG.debug("state sync: chunk {} from {} timed out; asking another peer", e.getKey(), e.getValue().peer);
        }
    }

    private void requestChunks(long now) {
        List<PeerId> holders = offering(height);
        holders.retainAll(peers.peers());
        if (holders.isEmpty()) {
            if (pending.isEmpty() && !done.isDone()) {
                phase = Phase.DONE;
                done.completeExceptionally(new IllegalStateException("state sync: no peer serves snapshot " + height
                        + " any more after " + nextApply + " of " + chunks
                        + " chunks; delete the data directory and start again"));
            }
            return;
        }
        long deadline = now + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMillis());
        int last = Math.min(chunks - 1, nextApply + config.window() - 1);
        for (int i = nextApply; i <= last; i++) {
            if (verified.containsKey(i) || pending.containsKey(i)) {
                continue;
            }
            PeerId peer = choosePeer(holders, i);
            if (peer == null) {
                continue;
            }
            PeerMessage request = PeerMessage.newBuilder()
                    .setChunkRequest(SnapshotChunkRequest.newBuilder().setHeight(height).setIndex(i)).build();
            if (peers.send(peer, request) != SendResult.QUEUED) {
                continue;
            }
            pending.put(i, new Pending(peer, deadline));
            load.merge(peer, 1, Integer::sum);
        }
    }

    private PeerId choosePeer(List<PeerId> holders, int index) {
        Set<PeerId> failed = failedAt.getOrDefault(index, Set.of());
        PeerId best = null;
        int bestLoad = Integer.MAX_VALUE;
        int start = Math.floorMod(roundRobin++, holders.size());
        for (int k = 0; k < holders.size(); k++) {
            PeerId p = holders.get((start + k) % holders.size());
            int l = load.getOrDefault(p, 0);
            if (!failed.contains(p) && l < config.maxPendingPerPeer() && l < bestLoad) {
                best = p;
                bestLoad = l;
            }
        }
        if (best == null && failed.containsAll(holders)) {
            failedAt.remove(index); // every holder failed once (timeouts under load): try them all again
        }
        return best;
    }

    private void ban(PeerId peer, String reason) {
        if (!banned.add(peer)) {
            return;
        }
        offers.remove(peer);
        LOG.warn("state sync: peer {} dropped: {}", peer, reason);
        misbehaving.accept(peer, reason);
    }

    private void logProgress(long now, boolean finished) {
        if (!finished && now - lastLogNanos < LOG_EVERY_NANOS) {
            return;
        }
        lastLogNanos = now;
        double seconds = Math.max(1e-9, (now - chunksStartNanos) / 1e9);
        LOG.info("state sync: chunk {}/{} of height {}, {} MiB in {} s ({} MiB/s), {} peers{}",
                nextApply, chunks, height, String.format("%.1f", bytesFetched / 1048576.0), String.format("%.1f", seconds),
                String.format("%.1f", bytesFetched / 1048576.0 / seconds), offering(height).size(),
                finished ? "; state sync restored height " + height : "");
    }

    private void run(Runnable task) {
        SyncThreads.submit(thread, () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                if (phase == Phase.CHUNKS) { // the restore has begun: it cannot go on (e.g. the store failed)
                    phase = Phase.DONE;
                    done.completeExceptionally(e);
                }
                throw e;
            }
        }, LOG, "state sync event");
    }

    private record Pending(PeerId peer, long deadlineNanos) {
    }
}
