package org.wishledger.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.wishledger.ledger.proto.ClientRequest;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.QueryTx;
import org.wishledger.ledger.proto.SubmitTx;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.client.wire.EventLoops;
import org.wishledger.client.HostPort;
import org.wishledger.client.wire.ConnectionErrors;
import org.wishledger.client.wire.LengthPrefixedFrameDecoder;

/**
 * A pipelining client of the native protocol (used by the CLI's {@code submit} and by the load
 * generator). Any thread may send; each request gets the next request_id and a future that the
 * matching response completes. Requests from all threads are gathered in a queue and written by the
 * event loop in batches with one flush per batch, so thousands of requests per second cost few
 * syscalls. Futures complete on the client's event-loop thread: do not block in their callbacks.
 * If the connection ends, every pending future fails with an IOException.
 */
public final class NativeClient implements AutoCloseable {
    /** Responses are small; this only guards against a broken server. */
    private static final int MAX_RESPONSE_FRAME = 1 << 20;

    private final Channel channel;
    private final EventLoopGroup ownedGroup;
    private final Map<Long, CompletableFuture<ClientResponse>> pending = new ConcurrentHashMap<>();
    private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final Runnable drainTask = this::drain;
    private volatile boolean closed;

    private NativeClient(Channel channel, EventLoopGroup ownedGroup) {
        this.channel = channel;
        this.ownedGroup = ownedGroup;
    }

    /** Connects to {@code host:port} (as the CLI's {@code --node} option gives it). */
    public static NativeClient connect(String hostPort) throws IOException {
        HostPort hp = HostPort.parse(hostPort);
        return connect(hp.host(), hp.port());
    }

    /** Connects with a private one-thread event loop. */
    public static NativeClient connect(String host, int port) throws IOException {
        EventLoopGroup group = EventLoops.create("native-client", 1);
        try {
            return connect(host, port, group, group);
        } catch (IOException | RuntimeException e) {
            EventLoops.shutdown(group);
            throw e;
        }
    }

    /** Connects on a shared event-loop group (many clients, e.g. a load generator); the group is not closed. */
    public static NativeClient connect(String host, int port, EventLoopGroup group) throws IOException {
        return connect(host, port, group, null);
    }

    /**
     * Connects through a SOCKS5 proxy (e.g. Tor's 127.0.0.1:9050), no authentication. The target name is
     * NOT resolved here: it goes to the proxy as a domain name (SOCKS5 address type 3) and the proxy
     * resolves it, so no DNS query for the node leaves this machine (with Tor: a .onion works, and the
     * local resolver never learns which node was contacted). Only the proxy's own address is resolved locally.
     */
    public static NativeClient connectVia(HostPort proxy, String host, int port) throws IOException {
        EventLoopGroup group = EventLoops.create("native-client", 1);
        try {
            return connect(host, port, group, group, new InetSocketAddress(proxy.host(), proxy.port()));
        } catch (IOException | RuntimeException e) {
            EventLoops.shutdown(group);
            throw e;
        }
    }

    private static NativeClient connect(String host, int port, EventLoopGroup group, EventLoopGroup owned)
            throws IOException {
        return connect(host, port, group, owned, null);
    }

    private static NativeClient connect(String host, int port, EventLoopGroup group, EventLoopGroup owned,
            InetSocketAddress proxy) throws IOException {
        NativeClient[] self = new NativeClient[1];
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (proxy != null) {
                            ch.pipeline().addLast(new Socks5ProxyHandler(proxy));
                        }
                        ch.pipeline()
                                .addLast(new LengthPrefixedFrameDecoder(MAX_RESPONSE_FRAME))
                                .addLast(new LengthFieldPrepender(LengthPrefixedFrameDecoder.LENGTH_BYTES))
                                .addLast(new ResponseHandler(() -> self[0]));
                    }
                });
        var future = (proxy == null ? bootstrap.connect(host, port)
                // unresolved + no resolver: the name reaches the proxy as it was given (proxied DNS)
                : bootstrap.resolver(NoopAddressResolverGroup.INSTANCE)
                        .connect(InetSocketAddress.createUnresolved(host, port))).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IOException("cannot connect to " + host + ":" + port
                    + (proxy == null ? "" : " through the SOCKS5 proxy " + proxyName(proxy)) + ": " + future.cause().getMessage(),
                    future.cause());
        }
        if (proxy != null) {
            // The connect future completes when the TCP link to the proxy is up; the SOCKS5 handshake
            // (and the proxy's own connect to the target) finishes later.
            var handshake = future.channel().pipeline().get(Socks5ProxyHandler.class).connectFuture().awaitUninterruptibly();
            if (!handshake.isSuccess()) {
                future.channel().close();
                throw new IOException("the SOCKS5 proxy " + proxyName(proxy) + " did not connect to " + host + ":" + port + ": "
                        + handshake.cause().getMessage(), handshake.cause());
            }
        }
        NativeClient client = new NativeClient(future.channel(), owned);
        self[0] = client;
        future.channel().closeFuture().addListener(f -> client.failAll(new IOException("connection to "
                + host + ":" + port + " closed")));
        return client;
    }

    private static String proxyName(InetSocketAddress proxy) {
        return new HostPort(proxy.getHostString(), proxy.getPort()).toString();
    }

    public CompletableFuture<ClientResponse> submit(Tx tx, WaitFor wait) {
        return send(ClientRequest.newBuilder().setSubmit(SubmitTx.newBuilder().setTx(tx).setWait(wait)));
    }

    public CompletableFuture<ClientResponse> query(byte[] txHash) {
        return send(ClientRequest.newBuilder().setQuery(QueryTx.newBuilder().setHash(ByteString.copyFrom(txHash))));
    }

    /** Sends any request; its request_id is assigned here. */
    public CompletableFuture<ClientResponse> send(ClientRequest.Builder request) {
        long id = nextRequestId.getAndIncrement();
        CompletableFuture<ClientResponse> future = new CompletableFuture<>();
        if (closed || !channel.isActive()) {
            future.completeExceptionally(new IOException("connection closed"));
            return future;
        }
        pending.put(id, future);
        outbox.add(request.setRequestId(id).build().toByteArray());
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drainTask);
        }
        if (!channel.isActive()) {
            failAll(new IOException("connection closed")); // lost the race with a close
        }
        return future;
    }

    /** Requests sent and not yet answered. */
    public int inFlight() {
        return pending.size();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    private void drain() {
        drainScheduled.set(false);
        int written = 0;
        byte[] next;
        while ((next = outbox.poll()) != null) {
            channel.write(Unpooled.wrappedBuffer(next), channel.voidPromise());
            written++;
        }
        if (written > 0) {
            channel.flush();
        }
    }

    private void onResponse(ClientResponse response) {
        CompletableFuture<ClientResponse> future = pending.remove(response.getRequestId());
        if (future != null) {
            future.complete(response);
        }
    }

    private void failAll(IOException error) {
        for (Long id : pending.keySet()) {
            CompletableFuture<ClientResponse> future = pending.remove(id);
            if (future != null) {
                future.completeExceptionally(error);
            }
        }
        outbox.clear();
    }

    @Override
    public void close() {
        closed = true;
        channel.close().awaitUninterruptibly();
        if (ownedGroup != null) {
            EventLoops.shutdown(ownedGroup);
        }
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final java.util.function.Supplier<NativeClient> client;

        ResponseHandler(java.util.function.Supplier<NativeClient> client) {
            this.client = client;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            try {
                client.get().onResponse(ClientResponse.parser().parseFrom(frame.nioBuffer()));
            } catch (InvalidProtocolBufferException e) {
                exceptionCaught(ctx, new org.wishledger.client.wire.ProtocolViolation(
                        "server sent an undecodable ClientResponse")); // last handler: handle here
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ConnectionErrors.closeOn(ctx, "native client connection", cause);
        }
    }
}
