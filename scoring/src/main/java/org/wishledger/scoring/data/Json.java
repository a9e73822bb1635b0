package org.wishledger.scoring.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;

/** Typed field access on one JSON object per line, every failure a {@link WishFormatException}. */
final class Json {
    private final JsonObject object;
    private final long line;

    private Json(JsonObject object, long line) {
        this.object = object;
        this.line = line;
    }

    static Json parseObject(String text, long line) {
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException ex) {
            throw new WishFormatException(WishFormatException.Reason.MALFORMED, line, "not valid JSON: "
                    + ex.getMessage());
        }
        if (!e.isJsonObject()) {
            throw new WishFormatException(WishFormatException.Reason.MALFORMED, line, "expected a JSON object");
        }
        return new Json(e.getAsJsonObject(), line);
    }

    /** A string field; null when absent or JSON null. */
    String optString(String name) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw invalid(name, "must be a string");
        }
        return e.getAsString();
    }

    String requiredString(String name) {
        String s = optString(name);
        if (s == null || s.isEmpty()) {
            throw new WishFormatException(WishFormatException.Reason.EMPTY_FIELD, line, "'" + name
                    + "' is required and must not be empty");
        }
        return s;
    }

    /** A non-negative integer field (JSON number or decimal string, as proto3 JSON writes uint64); default if absent. */
    long optNonNegativeLong(String name, long dflt) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive()) {
            throw invalid(name, "must be an integer");
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        try {
            long v = new java.math.BigDecimal(p.getAsString()).longValueExact();
            if (v < 0) {
                throw invalid(name, "must be >= 0");
            }
            return v;
        } catch (NumberFormatException | ArithmeticException ex) {
            throw invalid(name, "must be an integer in [0, 2^63)");
        }
    }

    List<String> optStringList(String name) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (!e.isJsonArray()) {
            throw invalid(name, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
                throw invalid(name, "must be an array of strings");
            }
            out.add(x.getAsString());
        }
        return out;
    }

    private WishFormatException invalid(String name, String what) {
        return new WishFormatException(WishFormatException.Reason.INVALID_FIELD, line, "'" + name + "' " + what);
    }
}
