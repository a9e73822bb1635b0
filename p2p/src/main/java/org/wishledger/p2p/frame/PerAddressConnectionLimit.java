package org.wishledger.p2p.frame;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the connections one remote IP address may hold on a port, so that one host cannot take every
 * slot of the port's total limit and lock all other clients out. Slots are reserved atomically (accepts
 * run on several event loops) and given back when the channel closes. Thread-safe.
 *
 * <p>Note for loopback deployments: every local process connects from 127.0.0.1, so they share one
 * address's allowance; the cap still leaves the rest of the total for other addresses.
 */
public final class PerAddressConnectionLimit {
    private final int maxPerAddress;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    public PerAddressConnectionLimit(int maxPerAddress) {
        if (maxPerAddress <= 0) {
            throw new IllegalArgumentException("maxPerAddress must be > 0: " + maxPerAddress);
        }
        this.maxPerAddress = maxPerAddress;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /**
     * Reserves a slot for the channel's remote address and frees it when the channel closes.
     *
     * @return false (nothing reserved) when that address already holds the maximum
     */
    public boolean admit(Channel ch) {
        InetAddress address = addressOf(ch.remoteAddress());
        if (address == null) {
            return true; // not an IP connection (embedded channel in tests): nothing to count
        }
        boolean[] admitted = {false};
        open.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerAddress) {
                return n;
            }
            admitted[0] = true;
            return count + 1;
        });
        if (admitted[0]) {
            ch.closeFuture().addListener(closed -> open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1));
        }
        return admitted[0];
    }

    /** Connections currently held by {@code address} (tests, metrics). */
    public int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    private static InetAddress addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
