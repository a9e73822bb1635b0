package org.wishledger.node.rpc;

import io.netty.handler.codec.http.HttpMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.ledger.error.Rejection;

/**
 * One route: a method and a path pattern whose segments are literals or {variables}, e.g.
 * {@code /blocks/{height}}. The name labels request metrics (the pattern, never the concrete path,
 * so metric cardinality stays bounded).
 */
public record Route(HttpMethod method, String pattern, List<String> segments, Handler handler) {

    @FunctionalInterface
    public interface Handler {
        RpcResponse handle(RpcRequest request) throws Rejection;
    }

    public static Route of(HttpMethod method, String pattern, Handler handler) {
        return new Route(method, pattern, Router.split(pattern), handler);
    }

    /** Path variables when the path's segments match this pattern, else null. */
    Map<String, String> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return null;
        }
        Map<String, String> vars = new HashMap<>(2);
        for (int i = 0; i < segments.size(); i++) {
            String pattern = segments.get(i);
            String actual = pathSegments.get(i);
            if (pattern.startsWith("{") && pattern.endsWith("}")) {
                vars.put(pattern.substring(1, pattern.length() - 1), actual);
            } else if (!pattern.equals(actual)) {
                return null;
            }
        }
        return vars;
    }
}
