package org.wishledger.node.rpc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.wishledger.ledger.error.Rejection;

/**
 * Fuzzes the RPC's request handling behind the HTTP codec: the URI (path and query string, decoded as
 * RpcHandler does) and the JSON body, through the real route table over an in-memory chain. Input layout:
 * byte 0 picks GET or POST, then the URI up to the first newline, then the body. Documented outcomes: an
 * answer, a {@link Rejection} (a 4xx/503 with its code), or an IllegalArgumentException from a malformed
 * URI (400). Anything else thrown (which the server would turn into a 500 INTERNAL) is a finding.
 */
class RpcFuzzTest {
    static {
        // the log line per rejected input would dominate the run
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.OFF);
    }

    private static final Router ROUTES = new RpcApi(new FakeBackend(20, 2)).register(new Router());

    @FuzzTest(maxDuration = "45m", maxExecutions = 1_000_000) // limits of a JAZZER_FUZZ=1 run (scripts/fuzz)
    void rpcRequests(byte[] input) {
        if (input.length < 2) {
            return;
        }
        HttpMethod method = (input[0] & 1) == 0 ? HttpMethod.GET : HttpMethod.POST;
        int newline = indexOf(input, (byte) '\n', 1);
        String uri = "/" + new String(input, 1, newline - 1, StandardCharsets.ISO_8859_1);
        byte[] body = newline < input.length ? Arrays.copyOfRange(input, newline + 1, input.length) : new byte[0];
        QueryStringDecoder decoded;
        try {
            decoded = new QueryStringDecoder(uri);
            decoded.path();
            decoded.parameters();
        } catch (IllegalArgumentException malformedUri) {
            return; // 400 BAD_REQUEST
        }
        if (!(ROUTES.match(method, decoded.path()) instanceof Router.Match.Found found)) {
            return; // 404 / 405
        }
        RpcRequest request = new RpcRequest(method, decoded.path(), found.pathParams(), decoded.parameters(), body);
        try {
            RpcResponse response = found.route().handler().handle(request);
            assertNotNull(response);
            assertTrue(response.status().code() < 500, "a route answered " + response.status() + " to " + uri);
        } catch (Rejection rejected) {
            assertNotNull(rejected.code());
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }
}
