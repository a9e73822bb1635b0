package org.wishledger.consensus.privval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The last (height, round, step, sign bytes, signature) this validator signed, persisted with fsync
 * before the signature may leave the process, so that no restart can make it sign a conflicting message.
 *
 * <p>File layout: two fixed 1 KiB slots written alternately, each {@code magic, sequence, height, round,
 * step, sign bytes, signature, CRC-32C}. An update overwrites the older slot and forces it to disk; a
 * torn write can only damage that slot, and the reader takes the valid slot with the highest sequence.
 * The newer state is on disk before {@link #record} returns, and the older one survives any crash during
 * the write (at which point the new signature had not been released yet). A file in which neither slot
 * is valid is refused ("fail closed"): the operator must look, not the node guess.
 */
public final class SignState implements AutoCloseable {
    public static final int STEP_PROPOSE = 1;
    public static final int STEP_PREVOTE = 2;
    public static final int STEP_PRECOMMIT = 3;

    static final int SLOT_SIZE = 1024;
    private static final int MAGIC = 0x574c5353; // "WLSS"
    /** Sign bytes and signature each fit a slot: 25 header + 2 x (2 + 480) + 4 CRC <= 1024. */
    private static final int MAX_BLOB = 480;

    /** What was signed last; height 0 means nothing yet. */
    public record Last(long height, int round, int step, byte[] signBytes, byte[] signature, long sequence) {
        static final Last NONE = new Last(0, -1, 0, new byte[0], new byte[0], 0);
    }

    /** What the guard says about a request to sign (h, r, step, sign bytes). */
    public enum Verdict { SIGN, RESEND_IDENTICAL, REFUSE }

    private final Path file;
    private final FileChannel channel;
    private Last last;

    private SignState(Path file, FileChannel channel, Last last) {
        this.file = file;
        this.channel = channel;
        this.last = last;
    }

    /** Opens (or creates, with nothing signed) the sign-state file. */
    public static SignState open(Path file) throws IOException {
        boolean fresh = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (fresh || channel.size() == 0) {
                channel.write(ByteBuffer.allocate(2 * SLOT_SIZE), 0);
                channel.force(true);
                return new SignState(file, channel, Last.NONE);
            }
            Last a = readSlot(channel, 0);
            Last b = readSlot(channel, 1);
            if (a == null && b == null) {
                if (allZero(channel)) {
                    return new SignState(file, channel, Last.NONE); // created, never signed
                }
                throw new IOException("sign state " + file + " is corrupt in both slots; refusing to sign. "
                        + "Restore it from a backup or start this validator with a fresh key.");
            }
            Last newest = a == null ? b : b == null ? a : (a.sequence() >= b.sequence() ? a : b);
            return new SignState(file, channel, newest);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public synchronized Last last() {
        return last;
    }

    /** The guard: sign only above the last (h, r, step); at the same (h, r, step) only identical bytes. */
    public synchronized Verdict check(long height, int round, int step, byte[] signBytes) {
        int c = compareHrs(height, round, step, last);
        if (c > 0) {
            return Verdict.SIGN;
        }
        if (c == 0 && Arrays.equals(signBytes, last.signBytes())) {
            return Verdict.RESEND_IDENTICAL;
        }
        return Verdict.REFUSE;
    }

    /** Persists a new last-signed state and forces it to disk; only then may the signature be released. */
    public synchronized void record(long height, int round, int step, byte[] signBytes, byte[] signature)
            throws IOException {
        if (compareHrs(height, round, step, last) <= 0) {
            throw new IllegalStateException("sign state may only move forward");
        }
        if (signBytes.length > MAX_BLOB || signature.length > MAX_BLOB) {
            throw new IllegalArgumentException("sign bytes or signature too large for the sign state");
        }
        long sequence = last.sequence() + 1;
        ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE);
        slot.putInt(MAGIC).putLong(sequence).putLong(height).putInt(round).put((byte) step)
                .putShort((short) signBytes.length).put(signBytes)
                .putShort((short) signature.length).put(signature);
        CRC32C crc = new CRC32C();
        crc.update(slot.array(), 0, slot.position());
        slot.putInt((int) crc.getValue());
        slot.clear();
        long offset = (sequence & 1) * SLOT_SIZE;
        while (slot.hasRemaining()) {
            channel.write(slot, offset + slot.position());
        }
        channel.force(false); // the file never changes size after creation: data is enough
        last = new Last(height, round, step, signBytes.clone(), signature.clone(), sequence);
    }

    static int compareHrs(long height, int round, int step, Last last) {
        int c = Long.compare(height, last.height());
        if (c == 0) {
            c = Integer.compare(round, last.round());
        }
        if (c == 0) {
            c = Integer.compare(step, last.step());
        }
        return c;
    }

    private static Last readSlot(FileChannel channel, int index) throws IOException {
        ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE);
        while (slot.hasRemaining()) {
            if (channel.read(slot, (long) index * SLOT_SIZE + slot.position()) < 0) {
                return null;
            }
        }
        slot.flip();
        try {
            if (slot.getInt() != MAGIC) {
                return null;
            }
            long sequence = slot.getLong();
            long height = slot.getLong();
            int round = slot.getInt();
            int step = slot.get();
            byte[] signBytes = new byte[slot.getShort()];
            slot.get(signBytes);
            byte[] signature = new byte[slot.getShort()];
            slot.get(signature);
            int end = slot.position();
            CRC32C crc = new CRC32C();
            crc.update(slot.array(), 0, end);
            if (slot.getInt() != (int) crc.getValue()) {
                return null;
            }
            return new Last(height, round, step, signBytes, signature, sequence);
        } catch (RuntimeException e) { // negative lengths, buffer underflow: a damaged slot
            return null;
        }
    }

    private static boolean allZero(FileChannel channel) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(channel.size(), 2 * SLOT_SIZE));
        channel.read(all, 0);
        for (byte b : all.array()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
