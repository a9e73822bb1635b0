package org.wishledger.scoring.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * The plain wish import format ({@code wishledger import jsonl}): one JSON object per line,
 * <pre>{"scenario": "...", "desired": "...", "undesired": "...", "language": "en", "tags": ["..."],
 *  "burn": 1000, "parent": "hex wish id"}</pre>
 * {@code desired} is required and non-empty; every other field is optional ({@code burn} defaults to 0, and may be
 * a JSON number or a decimal string). Unknown fields are ignored. Blank lines are skipped.
 */
public final class WishJsonl {
    private WishJsonl() {
    }

    public static WishDraft parse(String line, long lineNo) {
        Json j = Json.parseObject(line, lineNo);
        String scenario = j.optString("scenario");
        String desired = j.requiredString("desired");
        String undesired = j.optString("undesired");
        String parentHex = j.optString("parent");
        byte[] parent = null;
        if (parentHex != null && !parentHex.isEmpty()) {
            try {
                parent = HexFormat.of().parseHex(parentHex);
            } catch (IllegalArgumentException e) {
                throw new WishFormatException(WishFormatException.Reason.INVALID_FIELD, lineNo,
                        "'parent' must be a hex wish id");
            }
        }
        return new WishDraft(scenario == null ? "" : scenario, desired,
                undesired == null || undesired.isEmpty() ? null : undesired, j.optString("language"),
                j.optStringList("tags"), j.optNonNegativeLong("burn", 0), parent);
    }

    public static List<WishDraft> readAll(Path file) {
        return TextLines.readAll(file, WishJsonl::parse);
    }

    /** As {@link #readAll(Path)} from a stream of the file's bytes (uncompressed). */
    public static List<WishDraft> readAll(InputStream in) throws IOException {
        return TextLines.readAll(in, WishJsonl::parse);
    }
}
