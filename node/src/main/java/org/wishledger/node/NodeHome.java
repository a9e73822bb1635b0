package org.wishledger.node;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.node.proto.NodeConfig;
import org.wishledger.client.ProtoJson;

/**
 * The folder of one node: config/{node.json, genesis.json, node_key.json}, data/ (LMDB, WAL),
 * logs/ (the process's output) and node.pid while a process started by the CLI runs.
 */
public record NodeHome(Path path) {

    public Path configDir() {
        return path.resolve("config");
    }

    public Path nodeConfigFile() {
        return configDir().resolve("node.json");
    }

    public Path genesisFile() {
        return configDir().resolve("genesis.json");
    }

    public Path nodeKeyFile() {
        return configDir().resolve("node_key.json");
    }

    public Path dataDir() {
        return path.resolve("data");
    }

    /** The node's LMDB ledger store (blocks, commits, state). */
    public Path ledgerDir() {
        return dataDir().resolve("ledger");
    }

    public Path logsDir() {
        return path.resolve("logs");
    }

    /** stdout and stderr of the node process, appended across restarts. */
    public Path processLog() {
        return logsDir().resolve("node.out");
    }

    public Path pidFile() {
        return path.resolve("node.pid");
    }

    public String name() {
        return path.getFileName().toString();
    }

    /** The last {@code lines} lines of the process log, for error messages ("" if there is none). */
    public String tailProcessLog(int lines) {
        try {
            if (!Files.isRegularFile(processLog())) {
                return "";
            }
            java.util.List<String> all = Files.readAllLines(processLog(), StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + processLog() + ": " + e.getMessage() + ")";
        }
    }

    public boolean isInitialized() {
        return Files.isRegularFile(nodeConfigFile()) && Files.isRegularFile(genesisFile())
                && Files.isRegularFile(nodeKeyFile());
    }

    public NodeConfig readConfig() throws IOException {
        return readJson(nodeConfigFile(), NodeConfig.newBuilder()).build();
    }

    public Genesis readGenesis() throws IOException {
        return readGenesis(genesisFile());
    }

    public static Genesis readGenesis(Path file) throws IOException {
        return readJson(file, Genesis.newBuilder()).build();
    }

    static <B extends com.google.protobuf.Message.Builder> B readJson(Path file, B builder) throws IOException {
        try {
            return ProtoJson.parse(Files.readString(file, StandardCharsets.UTF_8), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + " is not valid " + builder.getDescriptorForType().getName()
                    + " JSON: " + e.getMessage(), e);
        }
    }

    /** Writes JSON through a temporary sibling and an atomic move, so a reader never sees half a file. */
    public static void writeJson(Path file, com.google.protobuf.MessageOrBuilder message) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, ProtoJson.print(message) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
