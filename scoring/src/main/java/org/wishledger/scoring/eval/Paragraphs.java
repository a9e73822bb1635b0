package org.wishledger.scoring.eval;

import java.util.ArrayList;
import java.util.List;

/** Splits a document (a constitution) into paragraphs: blocks separated by blank lines, trimmed, non-empty. */
public final class Paragraphs {
    private Paragraphs() {
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String block : text.replace("\r\n", "\n").split("\n\\s*\n")) {
            String p = block.strip().replaceAll("\\s*\n\\s*", " ");
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }
}
