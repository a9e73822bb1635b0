package org.wishledger.consensus.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.wishledger.consensus.Input;

/**
 * The consensus write-ahead log: every input of the current height, in order, so that a restarted
 * validator replays them through the (deterministic) core and is back in the exact state it left —
 * same round, same lock — before it signs anything again.
 *
 * <p>One append-only file per height ({@code <height>.wal}), records {@code [length][CRC-32C][payload]}.
 * Appends are plain writes; {@link #sync()} forces them. The host syncs before it signs any own message
 * (see {@link DurableConsensus}), so every input that led to a signature is on disk first. A torn or
 * corrupt tail (a crash mid-append) ends the replay at the last whole record and is cut off.
 * Files two heights old are deleted when a height starts.
 */
public final class ConsensusWal implements AutoCloseable {
    private static final int HEADER = 8;
    private static final int MAX_RECORD = 1 << 24;
    private static final String SUFFIX = ".wal";

    private final Path dir;
    private FileChannel current;
    private Path currentFile;
    private long currentHeight = -1;
    private long written;
    private long synced;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER);

    private ConsensusWal(Path dir) {
        this.dir = dir;
    }

    public static ConsensusWal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new ConsensusWal(dir);
    }

    /** Appends one input (a NewHeight starts a new file). Not durable until {@link #sync()}. */
    public void append(Input input) throws IOException {
        if (input instanceof Input.NewHeight nh) {
            startHeight(nh.height());
        } else if (current == null || input.height() != currentHeight) {
            return; // inputs outside the current height change nothing in the core: no need to log them
        }
        write(WalCodec.encode(input));
    }

    /**
     * Appends a block of the current height (ignored for any other height). Not durable until {@link #sync()},
     * which the host does before any signature anyway.
     */
    public void append(BlockRecord block) throws IOException {
        if (current == null || block.height() != currentHeight) {
            return;
        }
        write(WalCodec.encode(block));
    }

    private void write(byte[] payload) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        header.clear();
        header.putInt(payload.length).putInt((int) crc.getValue()).flip();
        ByteBuffer body = ByteBuffer.wrap(payload);
        ByteBuffer[] record = {header, body};
        while (header.hasRemaining() || body.hasRemaining()) {
            current.write(record);
        }
        written += HEADER + payload.length;
    }

    /** Forces everything appended so far to disk. */
    public void sync() throws IOException {
        if (current != null && synced != written) {
            current.force(false);
            synced = written;
        }
    }

    private void startHeight(long height) throws IOException {
        closeCurrent();
        currentHeight = height;
        currentFile = fileOf(height);
        current = FileChannel.open(currentFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        written = 0;
        synced = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                long h = heightOf(f);
                if (h >= 0 && h < height - 1) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * The inputs logged for {@code height}, starting with its NewHeight, or an empty list when the WAL has
     * none. A torn tail is cut off, and later appends to that height continue after the last whole record.
     */
    public List<Input> replay(long height) throws IOException {
        return replayRecords(height).inputs();
    }

    /** The inputs and the blocks logged for {@code height}: what {@link #replay} reads, blocks included. */
    public record Records(List<Input> inputs, List<BlockRecord> blocks) {
    }

    /** As {@link #replay}, with the block records too. */
    public Records replayRecords(long height) throws IOException {
        Path file = fileOf(height);
        if (!Files.exists(file)) {
            return new Records(new ArrayList<>(), new ArrayList<>());
        }
        Scan scan;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            scan = scan(file, ch.size(), ch::read);
        }
        if (scan.records().inputs().isEmpty()) {
            return scan.records();
        }
        closeCurrent();
        currentHeight = height;
        currentFile = file;
        current = FileChannel.open(file, StandardOpenOption.WRITE);
        current.truncate(scan.goodLength());
        current.position(scan.goodLength());
        current.force(false);
        written = scan.goodLength();
        synced = scan.goodLength();
        return scan.records();
    }

    /** Positional reads of a WAL file's bytes: its FileChannel, or (in the fuzz target) a byte array. */
    @FunctionalInterface
    interface PositionalSource {
        /** As {@link FileChannel#read(ByteBuffer, long)}: bytes read, or -1 at the end. */
        int read(ByteBuffer into, long position) throws IOException;
    }

    /** What {@link #scan} found: the whole records (none unless the first is a NewHeight), and where they end. */
    record Scan(Records records, long goodLength) {
    }

    /**
     * Reads the records of one height's file of {@code size} bytes: stops at a torn tail, throws the
     * "corrupt" IOException on damage with data after it. {@code file} only names it in messages.
     */
    static Scan scan(Path file, long size, PositionalSource ch) throws IOException {
        List<Input> inputs = new ArrayList<>();
        List<BlockRecord> blocks = new ArrayList<>();
        long good = 0;
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        while (good + HEADER <= size) {
            head.clear();
            readFully(ch, head, good);
            head.flip();
            int length = head.getInt();
            int crc = head.getInt();
            if (length <= 0 || length > MAX_RECORD) {
                if (zeroFrom(ch, good, size)) {
                    break; // a preallocated or zero-filled tail: torn
                }
                throw corrupt(file, good, size, "a record length of " + length);
            }
            if (good + HEADER + length > size) {
                break; // the last record was cut short: a torn tail
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(ch, body, good + HEADER);
            CRC32C check = new CRC32C();
            check.update(body.array());
            long end = good + HEADER + length;
            if ((int) check.getValue() != crc) {
                if (end == size || zeroFrom(ch, end, size)) {
                    break; // the last record was not all on disk: a torn tail
                }
                throw corrupt(file, good, size, "a checksum mismatch");
            }
            Object record;
            try {
                record = WalCodec.decode(body.array());
            } catch (IOException | RuntimeException e) {
                throw corrupt(file, good, size, "a record that does not decode (" + e.getMessage() + ")");
            }
            if (inputs.isEmpty() && !(record instanceof Input.NewHeight)) {
                throw corrupt(file, good, size, "a first record that is not the height's start");
            }
            if (record instanceof Input in) {
                inputs.add(in);
            } else {
                blocks.add((BlockRecord) record);
            }
            good += HEADER + length;
        }
        if (inputs.isEmpty() || !(inputs.get(0) instanceof Input.NewHeight)) {
            return new Scan(new Records(new ArrayList<>(), new ArrayList<>()), good);
        }
        return new Scan(new Records(inputs, blocks), good);
    }

    /** The highest height that has a WAL file, or -1. */
    public long lastHeight() throws IOException {
        long max = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                max = Math.max(max, heightOf(f));
            }
        }
        return max;
    }

    /** Bytes of the current file known to be on disk: a power-loss simulation cuts the file here. */
    public long syncedLength() {
        return synced;
    }

    public Path currentFile() {
        return currentFile;
    }

    /**
     * A damaged record with whole records after it is not a crash mid-append: replaying around it would
     * silently forget inputs (a lock, a vote) that later records depend on, so the host must stop.
     */
    private static IOException corrupt(Path file, long at, long size, String what) {
        return new IOException("the consensus WAL " + file + " is corrupt: " + what + " at byte " + at + " of " + size
                + ", with data after it (a torn tail would be cut off; this is damage)");
    }

    private static boolean zeroFrom(PositionalSource ch, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (long pos = from; pos < size; ) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) != 0) {
                    return false;
                }
            }
            pos += n;
        }
        return true;
    }

    private static void readFully(PositionalSource ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("unexpected end of WAL");
            }
        }
    }

    private Path fileOf(long height) {
        return dir.resolve(String.format("%020d%s", height, SUFFIX));
    }

    private static long heightOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }
}
