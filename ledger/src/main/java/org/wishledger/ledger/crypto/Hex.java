package org.wishledger.ledger.crypto;

import java.util.HexFormat;

/** Lower-case hex, the one textual form of hashes and addresses everywhere (CLI, RPC, logs). */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** @throws IllegalArgumentException when the text is not an even-length hex string */
    public static byte[] decode(String hex) {
        String s = hex.startsWith("0x") ? hex.substring(2) : hex;
        if ((s.length() & 1) != 0) {
            throw new IllegalArgumentException("hex string has odd length: " + hex.length());
        }
        return FORMAT.parseHex(s);
    }
}
