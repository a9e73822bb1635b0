package org.wishledger.node.rpc;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;

/**
 * A decoded HTTP request handed to a route: path variables, query parameters and the body, with
 * parsers that turn bad input into a {@link Rejection} naming the parameter.
 */
public record RpcRequest(HttpMethod method, String path, Map<String, String> pathParams,
                         Map<String, List<String>> query, byte[] body) {

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path variable " + name);
        }
        return value;
    }

    /** A hex path variable of exactly {@code length} bytes (an id, a hash or an address). */
    public byte[] hexPathParam(String name, int length) throws Rejection {
        return hex(name, pathParam(name), length);
    }

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** An unsigned decimal query parameter, or {@code defaultValue} when absent. */
    public long uintQueryParam(String name, long defaultValue) throws Rejection {
        String value = queryParam(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        return parseUint(name, value);
    }

    public boolean boolQueryParam(String name) throws Rejection {
        String value = queryParam(name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "", "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new Rejection(ErrorCode.BAD_REQUEST, name + " must be true or false, got '" + value + "'");
        };
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    static long parseUint(String name, String value) throws Rejection {
        try {
            long v = Long.parseLong(value);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new Rejection(ErrorCode.BAD_REQUEST, name + " must be an unsigned decimal integer, got '"
                    + abbreviate(value) + "'");
        }
    }

    static long parseUint(String name, String value, long max) throws Rejection {
        long v = parseUint(name, value);
        if (v > max) {
            throw new Rejection(ErrorCode.BAD_REQUEST, name + " must be at most " + max + ", got " + v);
        }
        return v;
    }

    static byte[] hex(String name, String value, int length) throws Rejection {
        byte[] bytes;
        try {
            bytes = Hex.decode(value);
        } catch (IllegalArgumentException e) {
            throw new Rejection(ErrorCode.BAD_REQUEST, name + " must be hex, got '" + abbreviate(value) + "'");
        }
        if (bytes.length != length) {
            throw new Rejection(ErrorCode.INVALID_FIELD, name + " must be " + length + " bytes (" + 2 * length
                    + " hex digits), got " + bytes.length + " bytes");
        }
        return bytes;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
