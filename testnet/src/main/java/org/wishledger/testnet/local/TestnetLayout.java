package org.wishledger.testnet.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.wishledger.node.NodeHome;

/** A local testnet folder: node0..nodeN-1 homes and accounts/account0..M-1.json funded in genesis. */
public record TestnetLayout(Path dir) {
    private static final Pattern NODE_DIR = Pattern.compile("node(\\d+)");
    private static final Pattern ACCOUNT_FILE = Pattern.compile("account(\\d+)\\.json");

    public TestnetLayout {
        dir = dir.toAbsolutePath().normalize();
    }

    public NodeHome node(int index) {
        return new NodeHome(dir.resolve("node" + index));
    }

    public Path accountsDir() {
        return dir.resolve("accounts");
    }

    public Path accountKey(int index) {
        return accountsDir().resolve("account" + index + ".json");
    }

    /** The node homes present, in index order. */
    public List<NodeHome> nodes() throws IOException {
        return numbered(dir, NODE_DIR).stream().map(this::node).toList();
    }

    /** The account key files present, in index order. */
    public List<Path> accountKeys() throws IOException {
        return numbered(accountsDir(), ACCOUNT_FILE).stream().map(this::accountKey).toList();
    }

    public boolean isInitialized() throws IOException {
        List<NodeHome> nodes = nodes();
        return !nodes.isEmpty() && nodes.stream().allMatch(NodeHome::isInitialized);
    }

    private static List<Integer> numbered(Path folder, Pattern pattern) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.forEach(p -> {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        out.sort(null);
        return out;
    }
}
