package org.wishledger.node.rpc;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The route table. Routes are matched in registration order; extra routes (scoring, fidelity, ...)
 * can be added by whoever wires the server, before or after it starts.
 */
public final class Router {
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public Router add(Route route) {
        for (Route r : routes) {
            if (r.method().equals(route.method()) && r.pattern().equals(route.pattern())) {
                throw new IllegalArgumentException("route already registered: " + route.method() + " " + route.pattern());
            }
        }
        routes.add(route);
        return this;
    }

    public Router get(String pattern, Route.Handler handler) {
        return add(Route.of(HttpMethod.GET, pattern, handler));
    }

    public Router post(String pattern, Route.Handler handler) {
        return add(Route.of(HttpMethod.POST, pattern, handler));
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The outcome of matching a request line. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> pathParams) implements Match {
        }

        /** The path exists but not for this method; {@code allow} lists the methods that do. */
        record WrongMethod(String allow) implements Match {
        }

        record NoRoute() implements Match {
        }
    }

    public Match match(HttpMethod method, String path) {
        List<String> segments = split(path);
        StringJoiner allow = new StringJoiner(", ");
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> vars = route.match(segments);
            if (vars == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match.Found(route, vars);
            }
            pathKnown = true;
            allow.add(route.method().name());
        }
        return pathKnown ? new Match.WrongMethod(allow.toString()) : new Match.NoRoute();
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>(4);
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
