package org.wishledger.node;

import com.google.protobuf.ByteString;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.client.TxBuilder;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.Params;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.Wish;

/**
 * The warm-up's scratch chain (fixed keys, its own chain id) and the wishes it replays, signed once and
 * kept in {@code data/warmup-corpus.pb} so a starting node does not spend its warm-up budget signing.
 *
 * <p>Why a file: measured on a fresh 4-node testnet (2 cores), signing the 2,000 warm-up txs in a cold JVM
 * took about half of the old 4 s budget, so a node warmed only 500–1,000 txs. Signing is the client's
 * work, not the node's, and the txs are the same every time (Ed25519 is deterministic), so {@code testnet
 * init} writes the file once for every node, and a node without one writes its own on first start. A
 * file that does not parse or holds the wrong count is re-signed; one whose signatures do not verify
 * makes the warm-up fail (logged, the node starts cold) and is deleted, so the next start re-signs it.
 */
public final class WarmupCorpus {
    static final String CHAIN_ID = "wishledger-warmup";
    static final String FILE = "warmup-corpus.pb";
    static final int VALIDATORS = 4;
    static final int ACCOUNTS = 64;
    /** Txs replayed on a fresh scratch store each round (their nonces are valid again there). */
    static final int TXS = 2_000;

    final List<KeyPair> validators = keys(1_000, VALIDATORS);
    final List<KeyPair> accounts = keys(0, ACCOUNTS);
    final Genesis genesis = genesis(validators, accounts);

    /** Writes {@code dataDir/warmup-corpus.pb} unless a valid-looking one is there. */
    public static void prepare(Path dataDir) throws IOException {
        new WarmupCorpus().txs(dataDir);
    }

    /** The corpus file of a node's data folder. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    /** The pre-signed txs: read from the file, or signed now and written for the next start. */
    List<Tx> txs(Path dataDir) throws IOException {
        Path file = file(dataDir);
        List<Tx> read = read(file);
        if (read.size() == TXS) {
            return read;
        }
        List<Tx> signed = sign();
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            for (Tx tx : signed) {
                tx.writeDelimitedTo(out);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return signed;
    }

    /** What the file holds, or an empty list if it is missing, damaged or of another size. */
    private static List<Tx> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Tx> out = new ArrayList<>(TXS);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Tx tx;
            while (out.size() <= TXS && (tx = Tx.parseDelimitedFrom(in)) != null) {
                out.add(tx);
            }
        } catch (IOException e) { // InvalidProtocolBufferException included: re-sign
            return List.of();
        }
        return out.size() == TXS ? out : List.of();
    }

    private List<Tx> sign() {
        TxBuilder builder = TxBuilder.forGenesis(genesis);
        List<Tx> out = new ArrayList<>(TXS);
        long[] nonces = new long[accounts.size()];
        for (int k = 0; k < TXS; k++) {
            int a = k % accounts.size();
            Wish wish = Wish.newBuilder()
                    .setScenario("warm-up scenario " + k + ": a user asks for advice about a topic and is in a hurry.")
                    .setDesired("Give a short, accurate answer first, then offer details; say what is uncertain. #" + k)
                    .setUndesired("Pad the answer or state guesses as facts.")
                    .setLanguage("en").addTags("warmup").setBurn(1 + k % 1000).build();
            out.add(builder.wish(accounts.get(a), nonces[a]++, wish));
        }
        return out;
    }

    private static Genesis genesis(List<KeyPair> validators, List<KeyPair> accounts) {
        Genesis.Builder g = Genesis.newBuilder().setChainId(CHAIN_ID).setGenesisTimeMs(1_700_000_000_000L)
                .setParams(Params.getDefaultInstance());
        for (int i = 0; i < validators.size(); i++) {
            g.addValidators(GenesisValidator.newBuilder().setName("w" + i)
                    .setPubKey(ByteString.copyFrom(validators.get(i).publicKey().encoded())).setPower(10));
        }
        for (KeyPair a : accounts) {
            g.addAccounts(GenesisAccount.newBuilder().setAddress(Hex.encode(a.address())).setBalance(1_000_000_000_000L));
        }
        return g.build();
    }

    /** Fixed seeds: the scratch chain is the same every time (its keys sign nothing that leaves it). */
    private static List<KeyPair> keys(int first, int n) {
        List<KeyPair> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] seed = new byte[32];
            ByteBuffer.wrap(seed).putInt(0x3a4d0000).putInt(first + i);
            out.add(KeyPair.fromSeed(seed));
        }
        return out;
    }
}
