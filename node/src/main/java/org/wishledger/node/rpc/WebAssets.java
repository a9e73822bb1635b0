package org.wishledger.node.rpc;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;

/**
 * The web app (issue 13): static files shipped in the node's jar under {@code org/wishledger/node/web/},
 * served at {@code /} (index.html) and {@code /web/{file}}. One flat folder and a strict name pattern, so
 * a path can never reach outside it; files are read once and kept (the whole app is a few tens of KiB).
 */
final class WebAssets {
    private static final String ROOT = "org/wishledger/node/web/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.(html|js|css|svg|txt|json)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8",
            "json", "application/json; charset=utf-8");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    static WebAssets load() {
        return new WebAssets();
    }

    Router register(Router router) {
        return router.get("/", r -> file("index.html")).get("/web/{file}", r -> file(r.pathParam("file")));
    }

    private RpcResponse file(String name) throws Rejection {
        if (!NAME.matcher(name).matches()) {
            throw new Rejection(ErrorCode.NOT_FOUND, "no web file " + abbreviate(name));
        }
        byte[] body = cache.computeIfAbsent(name, WebAssets::read)
                .orElseThrow(() -> new Rejection(ErrorCode.NOT_FOUND, "no web file " + name));
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return new RpcResponse(HttpResponseStatus.OK, TYPES.get(ext), body);
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
