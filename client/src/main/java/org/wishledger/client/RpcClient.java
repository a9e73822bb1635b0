package org.wishledger.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.client.proto.AccountView;
import org.wishledger.client.proto.BlockView;
import org.wishledger.client.proto.NodeStatus;
import org.wishledger.client.proto.RpcError;
import org.wishledger.client.proto.TxView;
import org.wishledger.client.proto.WishView;
import org.wishledger.client.proto.WishesResponse;
import org.wishledger.client.ProtoJson;

/** A small typed client of the node's RPC (java.net.http, one keep-alive connection pool). */
public final class RpcClient {
    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    public RpcClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    public RpcClient(String baseUrl, Duration timeout) {
        this.baseUrl = normalize(baseUrl);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(Math.min(timeout.toMillis(), 5000))).build();
    }

    /** Accepts "http://host:port", "host:port" or a URL with a trailing slash. */
    static String normalize(String url) {
        String u = url.trim();
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            u = "http://" + u;
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public NodeStatus status() throws IOException {
        return get("/status", NodeStatus.newBuilder());
    }

    public Genesis genesis() throws IOException {
        return get("/genesis", Genesis.newBuilder());
    }

    public AccountView account(byte[] address) throws IOException {
        return get("/accounts/" + Hex.encode(address), AccountView.newBuilder());
    }

    public BlockView block(long height) throws IOException {
        return get("/blocks/" + height, BlockView.newBuilder());
    }

    public TxView tx(byte[] hash) throws IOException {
        return get("/txs/" + Hex.encode(hash), TxView.newBuilder());
    }

    public WishView wish(byte[] id) throws IOException {
        return get("/wishes/" + Hex.encode(id), WishView.newBuilder());
    }

    public WishesResponse wishes(long afterHeight, Integer afterIndex, int limit) throws IOException {
        String q = "/wishes?after_height=" + afterHeight + "&limit=" + limit
                + (afterIndex == null ? "" : "&after_index=" + afterIndex);
        return get(q, WishesResponse.newBuilder());
    }

    public String metrics() throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(timeout).GET().build());
    }

    @SuppressWarnings("unchecked")
    public <M extends Message> M get(String path, Message.Builder builder) throws IOException {
        String body = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build());
        try {
            return (M) ProtoJson.parse(body, builder).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(baseUrl + path + " answered something that is not "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public <M extends Message> M post(String path, Message request, Message.Builder builder) throws IOException {
        String body = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ProtoJson.printCompact(request))).build());
        try {
            return (M) ProtoJson.parse(body, builder).build();
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(baseUrl + path + " answered invalid JSON: " + e.getMessage(), e);
        }
    }

    private String send(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + request.uri(), e);
        } catch (IOException e) {
            throw new IOException("cannot reach " + request.uri() + ": " + describe(e), e);
        }
        if (response.statusCode() != 200) {
            throw RpcCallException.from(request.uri().toString(), response.statusCode(), response.body());
        }
        return response.body();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    /** An error answer of the RPC: its HTTP status and the {code, message} body. */
    public static final class RpcCallException extends IOException {
        private final int httpStatus;
        private final ErrorCode code;

        RpcCallException(String message, int httpStatus, ErrorCode code) {
            super(message);
            this.httpStatus = httpStatus;
            this.code = code;
        }

        static RpcCallException from(String uri, int status, String body) {
            ErrorCode code = ErrorCode.INTERNAL;
            String message = body;
            try {
                RpcError error = ProtoJson.parse(body, RpcError.newBuilder()).build();
                code = error.getCode();
                message = error.getMessage();
            } catch (InvalidProtocolBufferException | RuntimeException ignored) {
                // not our JSON (a proxy's HTML page, say): keep the raw body as the message
            }
            return new RpcCallException(uri + " answered HTTP " + status + " " + code + ": " + message, status, code);
        }

        public int httpStatus() {
            return httpStatus;
        }

        public ErrorCode code() {
            return code;
        }
    }
}
