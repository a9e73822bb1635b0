package org.wishledger.client.anon;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The wallet's note secrets: one line per note, {@code denom secret-hex spent(0|1)}. Whoever reads the
 * file can spend the notes and prove which spends were theirs, so it is created 0600 (owner only) and
 * rewritten atomically (a temporary 0600 file moved over the old one), never left half-written.
 */
public final class NoteFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** One note: its denomination, secret, and whether the wallet already spent it. */
    public record Note(int denom, BigInteger secret, boolean spent) {
    }

    private NoteFile() {
    }

    public static List<Note> read(Path file) throws IOException {
        List<Note> notes = new ArrayList<>();
        if (!Files.exists(file)) {
            return notes;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ");
            if (f.length != 3) {
                throw new IOException(file + ": malformed note line (want 'denom secret-hex spent')");
            }
            notes.add(new Note(Integer.parseInt(f[0]), new BigInteger(f[1], 16), f[2].equals("1")));
        }
        return notes;
    }

    public static void write(Path file, List<Note> notes) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Note n : notes) {
            out.append(n.denom()).append(' ').append(n.secret().toString(16)).append(' ')
                    .append(n.spent() ? '1' : '0').append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".notes", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(tmp, out, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
