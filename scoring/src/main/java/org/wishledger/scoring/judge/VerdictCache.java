package org.wishledger.scoring.judge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Persistent verdicts of an LLM judge, so a training run never pays twice for the same question: key = SHA-256 of
 * (model, prompt version, SHA-256 of the prompt, SHA-256 of the response, wish id), value = the verdict in [-1, 1].
 * An append-only file of 36-byte records (key, float), read into memory on open; a torn last record (crash mid
 * write) is cut off. Verdicts are deterministic facts about a fixed question, so an entry never changes. Thread-safe.
 */
public final class VerdictCache implements AutoCloseable {
    private static final int KEY = 32;
    private static final int RECORD = KEY + 4;

    private final Map<String, Float> entries = new HashMap<>();
    private final FileChannel file;
    private long hits;
    private long misses;

    private VerdictCache(FileChannel file) {
        this.file = file;
    }

    /** Opens (or creates) the cache file; {@code null} path = in memory only. */
    public static VerdictCache open(Path path) {
        if (path == null) {
            return new VerdictCache(null);
        }
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            VerdictCache c = new VerdictCache(ch);
            long whole = ch.size() / RECORD * RECORD;
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(whole, 1 << 20)).order(ByteOrder.LITTLE_ENDIAN);
            for (long pos = 0; pos < whole; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), whole - pos));
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        throw new IOException("cache file shrank while reading");
                    }
                }
                buf.flip();
                while (buf.remaining() >= RECORD) {
                    byte[] key = new byte[KEY];
                    buf.get(key);
                    c.entries.put(HexFormat.of().formatHex(key), buf.getFloat());
                }
                pos += buf.limit();
            }
            ch.truncate(whole); // drop a torn record
            ch.position(whole);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open verdict cache " + path, e);
        }
    }

    public static byte[] key(String model, String prompt, String response, byte[] wishId) {
        MessageDigest sha = sha256();
        sha.update(model.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(LlmJudgeConfig.PROMPT_VERSION.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(sha256().digest(prompt.getBytes(StandardCharsets.UTF_8)));
        sha.update(sha256().digest(response.getBytes(StandardCharsets.UTF_8)));
        sha.update(wishId);
        return sha.digest();
    }

    /** The cached verdict, or NaN. */
    public synchronized float get(byte[] key) {
        Float v = entries.get(HexFormat.of().formatHex(key));
        if (v == null) {
            misses++;
            return Float.NaN;
        }
        hits++;
        return v;
    }

    public synchronized void put(byte[] key, float verdict) {
        if (entries.putIfAbsent(HexFormat.of().formatHex(key), verdict) != null || file == null) {
            return;
        }
        ByteBuffer rec = ByteBuffer.allocate(RECORD).order(ByteOrder.LITTLE_ENDIAN);
        rec.put(key).putFloat(verdict).flip();
        try {
            while (rec.hasRemaining()) {
                file.write(rec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the verdict cache", e);
        }
    }

    /** Makes the appended verdicts durable (once per scored batch). */
    public synchronized void flush() {
        if (file != null) {
            try {
                file.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush the verdict cache", e);
            }
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.force(false);
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
