package org.wishledger.testnet.scoringcli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.wishledger.scoring.data.TextLines;
import org.wishledger.scoring.data.WishFormatException;
import org.wishledger.client.proto.ScoreItem;

/** The batch input of {@code wishledger score --file}: one {@code {"prompt": ..., "response": ...}} per line. */
public final class ScoreItems {
    private ScoreItems() {
    }

    /** Reads every item; a bad line fails with its line number (a WishFormatException, as the import files do). */
    public static List<ScoreItem> readJsonl(Path file) {
        return TextLines.readAll(file, ScoreItems::parse);
    }

    static ScoreItem parse(String line, long no) {
        JsonElement e;
        try {
            e = JsonParser.parseString(line);
        } catch (JsonParseException ex) {
            throw new WishFormatException(WishFormatException.Reason.MALFORMED, no, "not valid JSON: " + ex.getMessage());
        }
        if (!e.isJsonObject()) {
            throw new WishFormatException(WishFormatException.Reason.MALFORMED, no, "expected a JSON object");
        }
        JsonObject o = e.getAsJsonObject();
        return ScoreRequests.item(text(o, "prompt", no, false), text(o, "response", no, true));
    }

    private static String text(JsonObject o, String name, long no, boolean required) {
        JsonElement v = o.get(name);
        if (v == null || v.isJsonNull()) {
            if (required) {
                throw new WishFormatException(WishFormatException.Reason.EMPTY_FIELD, no, "'" + name + "' is required");
            }
            return "";
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new WishFormatException(WishFormatException.Reason.INVALID_FIELD, no, "'" + name + "' must be a string");
        }
        return v.getAsString();
    }
}
