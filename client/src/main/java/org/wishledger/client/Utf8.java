package org.wishledger.client;

/** Cutting text to a UTF-8 byte budget without splitting a character. */
public final class Utf8 {
    private Utf8() {
    }

    public static int length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            bytes += bytesOf(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes. */
    public static String head(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (bytes + bytesOf(cp) > maxBytes) {
                break;
            }
            bytes += bytesOf(cp);
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** The longest suffix of {@code s} of at most {@code maxBytes} UTF-8 bytes. */
    public static String tail(String s, int maxBytes) {
        int bytes = 0;
        int i = s.length();
        while (i > 0) {
            int cp = s.codePointBefore(i);
            if (bytes + bytesOf(cp) > maxBytes) {
                break;
            }
            bytes += bytesOf(cp);
            i -= Character.charCount(cp);
        }
        return s.substring(i);
    }

    private static int bytesOf(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
