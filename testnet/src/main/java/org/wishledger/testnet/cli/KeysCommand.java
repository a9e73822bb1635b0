package org.wishledger.testnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.testnet.proto.KeyInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "keys", description = "Create and inspect Ed25519 key files.", mixinStandardHelpOptions = true)
final class KeysCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "new", description = "Generate a key and write it to FILE (mode 0600).", mixinStandardHelpOptions = true)
    int newKey(@Parameters(paramLabel = "FILE", description = "where to write the key") Path file,
               @Option(names = "--force", description = "overwrite an existing file") boolean force,
               @Option(names = "--json", description = "print JSON") boolean json) throws IOException {
        if (Files.exists(file) && !force) {
            throw new CliException(file + " exists; refusing to overwrite a key (use --force if you mean it)");
        }
        KeyPair key = KeyPair.generate();
        KeyFiles.save(key, file);
        print(file, key, json);
        return 0;
    }

    @Command(name = "show", description = "Print the address and public key of a key file.", mixinStandardHelpOptions = true)
    int show(@Parameters(paramLabel = "FILE") Path file,
             @Option(names = "--json", description = "print JSON") boolean json) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no key file at " + file);
        }
        print(file, KeyFiles.load(file), json);
        return 0;
    }

    private void print(Path file, KeyPair key, boolean json) {
        KeyInfo info = KeyInfo.newBuilder()
                .setFile(file.toAbsolutePath().toString())
                .setAddress(key.publicKey().addressHex())
                .setPublicKey(Hex.encode(key.publicKey().encoded()))
                .build();
        Output.result(spec, json, info, () -> "address:    " + info.getAddress() + "\npublic key: " + info.getPublicKey()
                + "\nfile:       " + info.getFile());
    }
}
