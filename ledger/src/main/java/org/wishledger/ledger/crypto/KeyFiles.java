package org.wishledger.ledger.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.wishledger.ledger.proto.KeyFile;

/**
 * Key files: protobuf JSON holding the seed, readable by the owner only (0600). The file is written
 * to a temporary sibling with the final permissions first and then moved, so the secret is never
 * readable by others, not even for a moment.
 */
public final class KeyFiles {
    private static final String TYPE = "ed25519";

    private KeyFiles() {
    }

    public static void save(KeyPair key, Path path) throws IOException {
        KeyFile file = KeyFile.newBuilder()
                .setType(TYPE)
                .setPrivateKey(ByteString.copyFrom(key.seed()))
                .setPublicKey(ByteString.copyFrom(key.publicKey().encoded()))
                .setAddress(key.publicKey().addressHex())
                .build();
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, JsonFormat.printer().print(file) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static KeyPair load(Path path) throws IOException {
        String json = Files.readString(path, StandardCharsets.UTF_8);
        KeyFile.Builder file = KeyFile.newBuilder();
        try {
            JsonFormat.parser().merge(json, file);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("key file " + path + " is not valid key JSON: " + e.getMessage(), e);
        }
        if (!TYPE.equals(file.getType()) || file.getPrivateKey().size() != 32) {
            throw new IOException("key file " + path + " does not hold a 32-byte ed25519 seed");
        }
        KeyPair key = KeyPair.fromSeed(file.getPrivateKey().toByteArray());
        if (!file.getPublicKey().isEmpty()
                && !Arrays.equals(file.getPublicKey().toByteArray(), key.publicKey().encoded())) {
            throw new IOException("key file " + path + ": public key does not match the seed (file corrupted?)");
        }
        return key;
    }
}
