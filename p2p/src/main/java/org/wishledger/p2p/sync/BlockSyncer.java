package org.wishledger.p2p.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.PeerMessage;
import org.wishledger.ledger.proto.SyncBlockRequest;
import org.wishledger.ledger.proto.SyncBlockResponse;
import org.wishledger.ledger.proto.SyncStatusRequest;
import org.wishledger.p2p.PeerId;
import org.wishledger.p2p.PeerSender;
import org.wishledger.p2p.SendResult;

/**
 * Fetches whole blocks with their commits from peers until the node has every height its peers
 * report, then says so ({@link #caughtUp()}), after which the node joins consensus.
 *
 * <p>How: peers report (height, base); the syncer keeps up to {@code window} heights beyond the last
 * applied one requested, at most {@code maxPendingPerPeer} at any one peer (the least-loaded peer
 * that has the height is asked), buffers responses, and hands them to the {@link BlockSink} strictly in
 * height order. A request that times out, or that the peer answers with NoBlock, goes to another
 * peer. A block the sink rejects (bad commit, wrong chain) gets its sender excluded from this sync and
 * reported to {@code misbehaving} (the node may disconnect it), and the height is fetched elsewhere.
 *
 * <p>Threading: all state lives on the syncer's own thread; the {@code on*} methods only hand events
 * over, so they may be called from Netty threads. The sink runs on the syncer thread.
 */
public final class BlockSyncer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlockSyncer.class);
    private static final long TICK_MILLIS = 50;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PeerSender peers;
    private final BlockSink sink;
    private final SyncConfig config;
    private final BiConsumer<PeerId, String> misbehaving;
    private final ScheduledExecutorService thread;

    // ---- syncer-thread state ----
    private final Map<PeerId, PeerState> peerStates = new HashMap<>();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final TreeMap<Long, Fetched> fetched = new TreeMap<>();
    private final Map<Long, Set<PeerId>> failedAt = new HashMap<>();
    private long bufferedBytes;
    private long applied;
    private long blocksApplied;
    private long txsApplied;
    private long startNanos;
    private long lastStatusRequestNanos;
    private long lastLogNanos;
    private final RateMeter rates = new RateMeter(5); // blocks/s and txs/s over the last ~5 s
    private int roundRobin;
    private boolean started;
    private CompletableFuture<Long> caughtUp = new CompletableFuture<>();
    private volatile SyncProgress progress = new SyncProgress(0, 0, 0, 0, 0, 0, false);

    public BlockSyncer(PeerSender peers, BlockSink sink, SyncConfig config, BiConsumer<PeerId, String> misbehaving) {
        this.peers = peers;
        this.sink = sink;
        this.config = config;
        this.misbehaving = misbehaving;
        this.thread = SyncThreads.daemon("block-sync");
    }

    /** Starts syncing: asks every connected peer for its status and fetches until caught up. */
    public void start() {
        run(() -> {
            started = true;
            startNanos = System.nanoTime();
            lastLogNanos = startNanos;
            applied = sink.height();
            for (PeerId peer : peers.peers()) {
                peerStates.putIfAbsent(peer, new PeerState());
            }
            requestStatus(startNanos);
            LOG.info("block sync starting at height {} with {} peers", applied, peerStates.size());
            pump();
        });
        thread.scheduleAtFixedRate(() -> {
            try {
                if (started) {
                    pump();
                }
            } catch (RuntimeException e) {
                LOG.error("block sync tick failed", e);
            }
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Completes with the height at which the node caught up. After that the syncer stops fetching
     * (but still tracks peer heights); {@link #resume()} starts over if the node falls behind again.
     */
    public synchronized CompletableFuture<Long> caughtUp() {
        return caughtUp;
    }

    /**
     * Re-enters sync (e.g. consensus sees peers whole heights ahead) and returns the future that
     * completes when the node has caught up again. Peer heights are asked afresh: the ones known
     * from the last sync are stale by definition.
     */
    public CompletableFuture<Long> resume() {
        CompletableFuture<Long> next;
        synchronized (this) {
            if (caughtUp.isDone()) {
                caughtUp = new CompletableFuture<>();
            }
            next = caughtUp;
        }
        run(() -> {
            peerStates.replaceAll((peer, old) -> new PeerState());
            pending.clear();
            fetched.clear();
            failedAt.clear();
            bufferedBytes = 0;
            applied = sink.height();
            startNanos = System.nanoTime();
            blocksApplied = 0;
            txsApplied = 0;
            rates.reset();
            requestStatus(startNanos);
            pump();
        });
        return next;
    }

    public SyncProgress progress() {
        return progress;
    }

    public void onPeerConnected(PeerId peer) {
        run(() -> {
            peerStates.putIfAbsent(peer, new PeerState());
            peers.send(peer, statusRequest());
        });
    }

    public void onPeerDisconnected(PeerId peer) {
        run(() -> {
            peerStates.remove(peer);
            pending.values().removeIf(p -> p.peer.equals(peer));
            pump();
        });
    }

    /** @return true if the message belongs to block sync (Status, BlockResponse, NoBlock) */
    public boolean onMessage(PeerId peer, PeerMessage message) {
        switch (message.getMessageCase()) {
            case STATUS -> run(() -> {
                PeerState state = peerStates.computeIfAbsent(peer, p -> new PeerState());
                state.height = message.getStatus().getHeight();
                state.base = message.getStatus().getBase();
                pump();
            });
            case BLOCK_RESPONSE -> run(() -> onBlock(peer, message.getBlockResponse()));
            case NO_BLOCK -> run(() -> onNoBlock(peer, message.getNoBlock().getHeight()));
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

    private void onBlock(PeerId peer, SyncBlockResponse response) {
        long height = response.getBlock().getHeader().getHeight();
        Pending request = pending.get(height);
        if (request == null || !request.peer.equals(peer)) {
            LOG.debug("ignoring unsolicited block {} from {}", height, peer);
            return;
        }
        pending.remove(height);
        PeerState state = peerStates.get(peer);
        if (!response.hasBlock() || !response.hasCommit() || response.getCommit().getHeight() != height) {
            misbehaved(peer, height, "block response without a matching commit");
        } else {
            long size = response.getSerializedSize();
            fetched.put(height, new Fetched(response, peer, size));
            bufferedBytes += size;
        }
        if (state != null) {
            state.pending--;
        }
        pump();
    }

    private void onNoBlock(PeerId peer, long height) {
        Pending request = pending.get(height);
        if (request == null || !request.peer.equals(peer)) {
            return;
        }
        pending.remove(height);
        failedAt.computeIfAbsent(height, h -> new HashSet<>()).add(peer);
        PeerState state = peerStates.get(peer);
        if (state != null) {
            state.pending--;
            state.height = Math.min(state.height, height - 1); // evidently it does not have it
        }
        pump();
    }

    private void pump() {
        long now = System.nanoTime();
        applyReady();
        expireRequests(now);
        if (!caughtUp().isDone()) {
            if (now - lastStatusRequestNanos >= TimeUnit.MILLISECONDS.toNanos(config.statusIntervalMillis())) {
                requestStatus(now);
            }
            requestMore(now);
            checkCaughtUp(now);
        }
        updateProgress(now, caughtUp().isDone());
    }

    private void applyReady() {
        Fetched next;
        while ((next = fetched.get(applied + 1)) != null) {
            long height = applied + 1;
            fetched.remove(height);
            bufferedBytes -= next.bytes;
            try {
                sink.apply(next.response.getBlock(), next.response.getCommit());
            } catch (Rejection rejection) {
                misbehaved(next.peer, height, rejection.code() + ": " + rejection.getMessage());
                return;
            } catch (RuntimeException e) {
                // Our own failure (e.g. the store), not the peer's: log it and fetch the height again.
                LOG.error("applying block " + height + " failed", e);
                failedAt.computeIfAbsent(height, h -> new HashSet<>()).add(next.peer);
                return;
            }
            applied = height;
            blocksApplied++;
            txsApplied += next.response.getBlock().getTxsCount();
            failedAt.remove(height);
        }
    }

    private void misbehaved(PeerId peer, long height, String reason) {
        failedAt.computeIfAbsent(height, h -> new HashSet<>()).add(peer);
        PeerState state = peerStates.get(peer);
        if (state == null || state.banned) {
            return; // more of what it sent before we noticed: already reported once
        }
        state.banned = true;
        LOG.warn("peer {} served a bad block {}: {}; not asking it again in this sync",
                peer, height, reason);
        misbehaving.accept(peer, "bad block " + height + ": " + reason);
    }

    private void expireRequests(long now) {
        Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Pending> entry = it.next();
            Pending request = entry.getValue();
            if (now - request.deadlineNanos < 0) {
                continue;
            }
            it.remove();
            failedAt.computeIfAbsent(entry.getKey(), h -> new HashSet<>()).add(request.peer);
            PeerState state = peerStates.get(request.peer);
            if (state != null) {
                state.pending--;
                state.timeouts++;
            }
            LOG.debug("block {} from {} timed out; asking another peer", entry.getKey(), request.peer);
        }
    }

    private void requestMore(long now) {
        long target = targetHeight();
        long last = Math.min(applied + config.window(), target);
        long deadline = now + TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMillis());
        for (long h = applied + 1; h <= last; h++) {
            if (fetched.containsKey(h) || pending.containsKey(h)) {
                continue;
            }
            if (bufferedBytes >= config.maxBufferedBytes()) {
                return;
            }
            PeerId peer = choosePeer(h);
            if (peer == null) {
                continue;
            }
            PeerMessage request = PeerMessage.newBuilder().setBlockRequest(SyncBlockRequest.newBuilder().setHeight(h)).build();
            if (peers.send(peer, request) != SendResult.QUEUED) {
                continue;
            }
            pending.put(h, new Pending(peer, deadline));
            peerStates.get(peer).pending++;
        }
    }

    private PeerId choosePeer(long height) {
        List<PeerId> candidates = new ArrayList<>();
        boolean anyHolder = false;
        Set<PeerId> failed = failedAt.getOrDefault(height, Set.of());
        for (Map.Entry<PeerId, PeerState> e : peerStates.entrySet()) {
            PeerState s = e.getValue();
            if (s.banned || s.height < height || s.base > height) {
                continue;
            }
            anyHolder = true;
            if (s.pending < config.maxPendingPerPeer() && !failed.contains(e.getKey())) {
                candidates.add(e.getKey());
            }
        }
        if (candidates.isEmpty() && anyHolder && !failed.isEmpty()) {
            // Every holder failed once at this height (timeouts under load happen): try them all again.
            failedAt.remove(height);
            return null;
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int start = Math.floorMod(roundRobin++, candidates.size());
        PeerId best = null;
        int bestPending = Integer.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            PeerId p = candidates.get((start + i) % candidates.size());
            int load = peerStates.get(p).pending;
            if (load < bestPending) {
                best = p;
                bestPending = load;
            }
        }
        return best;
    }

    private long targetHeight() {
        long target = 0;
        for (PeerState s : peerStates.values()) {
            if (!s.banned) {
                target = Math.max(target, s.height);
            }
        }
        return target;
    }

    private void checkCaughtUp(long now) {
        boolean anyStatus = false;
        boolean allReported = true;
        long patience = TimeUnit.MILLISECONDS.toNanos(config.aloneAfterMillis());
        for (PeerState s : peerStates.values()) {
            if (s.banned) {
                continue;
            }
            anyStatus |= s.height >= 0;
            // A peer that never answers a status request must not hold the node out of consensus.
            allReported &= s.height >= 0 || now - s.sinceNanos >= patience;
        }
        boolean alone = !anyStatus && now - startNanos >= TimeUnit.MILLISECONDS.toNanos(config.aloneAfterMillis());
        if (alone || (anyStatus && allReported && applied >= targetHeight() && pending.isEmpty())) {
            double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
            LOG.info("block sync caught up at height {}{}: {} blocks, {} txs in {} s ({} blocks/s)",
                    applied, alone ? " (no peer reported a height)" : "", blocksApplied, txsApplied,
                    String.format("%.1f", seconds), String.format("%.0f", blocksApplied / seconds));
            fetched.clear();
            bufferedBytes = 0;
            updateProgress(now, true); // visible before anyone waiting on the future reads it
            caughtUp().complete(applied);
        }
    }

    private void requestStatus(long now) {
        lastStatusRequestNanos = now;
        peers.broadcast(statusRequest());
    }

    private static PeerMessage statusRequest() {
        return PeerMessage.newBuilder().setStatusRequest(SyncStatusRequest.getDefaultInstance()).build();
    }

    private void updateProgress(long now, boolean done) {
        rates.sample(now, blocksApplied, txsApplied);
        double bps = rates.rateA(now, blocksApplied);
        double tps = rates.rateB(now, txsApplied);
        progress = new SyncProgress(applied, Math.max(applied, targetHeight()), blocksApplied, txsApplied, bps, tps, done);
        if (!done && now - lastLogNanos >= LOG_EVERY_NANOS) {
            lastLogNanos = now;
            LOG.info("block sync: height {} of {}, {} blocks/s, {} txs/s, {} peers",
                    applied, progress.target(), String.format("%.0f", bps), String.format("%.0f", tps), peerStates.size());
        }
    }

    private void run(Runnable task) {
        SyncThreads.submit(thread, task, LOG, "block sync event");
    }

    private static final class PeerState {
        final long sinceNanos = System.nanoTime();
        long height = -1; // -1 until the peer reports
        long base;
        int pending;
        int timeouts;
        boolean banned;
    }

    private record Pending(PeerId peer, long deadlineNanos) {
    }

    private record Fetched(SyncBlockResponse response, PeerId peer, long bytes) {
    }
}
