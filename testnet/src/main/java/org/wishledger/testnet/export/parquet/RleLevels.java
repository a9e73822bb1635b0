package org.wishledger.testnet.export.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Repetition and definition levels of bit width 1 in Parquet's RLE / bit-packed hybrid, with the 4-byte
 * little-endian length prefix data page v1 puts before each. The writer emits only RLE runs (the levels of
 * a tag list are long runs of 1 broken by row starts); the reader also takes bit-packed runs, which other
 * writers use.
 */
final class RleLevels {
    private RleLevels() {
    }

    /** Appends length prefix + runs for {@code levels[0..n)} (each 0 or 1). */
    static void write(int[] levels, int n, ByteArrayOutputStream out) {
        ByteArrayOutputStream runs = new ByteArrayOutputStream();
        int i = 0;
        while (i < n) {
            int v = levels[i];
            int j = i;
            while (j < n && levels[j] == v) {
                j++;
            }
            long header = (long) (j - i) << 1; // low bit 0: an RLE run
            while ((header & ~0x7FL) != 0) {
                runs.write((int) (header & 0x7F) | 0x80);
                header >>>= 7;
            }
            runs.write((int) header);
            runs.write(v); // one byte holds a value of bit width 1
            i = j;
        }
        int len = runs.size();
        out.write(len);
        out.write(len >>> 8);
        out.write(len >>> 16);
        out.write(len >>> 24);
        out.writeBytes(runs.toByteArray());
    }

    /** Reads {@code n} levels at {@code pos}; returns the position after them. */
    static int read(byte[] page, int pos, int[] levels, int n) throws IOException {
        if (pos + 4 > page.length) {
            throw new IOException("page ends inside a level length");
        }
        int len = (page[pos] & 0xFF) | (page[pos + 1] & 0xFF) << 8 | (page[pos + 2] & 0xFF) << 16 | (page[pos + 3] & 0xFF) << 24;
        int p = pos + 4;
        int end = p + len;
        if (len < 0 || end > page.length) {
            throw new IOException("levels of " + len + " bytes run past the page");
        }
        int got = 0;
        while (got < n) {
            long header = 0;
            for (int shift = 0; ; shift += 7) {
                if (p >= end || shift > 35) {
                    throw new IOException("levels end inside a run header");
                }
                int b = page[p++] & 0xFF;
                header |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if ((header & 1) == 0) {
                int count = (int) (header >>> 1);
                if (p >= end) {
                    throw new IOException("levels end inside an RLE run");
                }
                int v = page[p++] & 1;
                for (int k = 0; k < count && got < n; k++) {
                    levels[got++] = v;
                }
            } else {
                int values = (int) (header >>> 1) * 8; // groups of 8 values, 1 bit each: one byte a group
                for (int k = 0; k < values && got < n; k++) {
                    int at = p + k / 8;
                    if (at >= end) {
                        throw new IOException("levels end inside a bit-packed run");
                    }
                    levels[got++] = (page[at] >>> (k % 8)) & 1;
                }
                p += values / 8;
            }
        }
        return end;
    }
}
