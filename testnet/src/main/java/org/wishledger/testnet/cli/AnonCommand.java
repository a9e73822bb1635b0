package org.wishledger.testnet.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wishledger.client.HostPort;
import org.wishledger.client.NativeClient;
import org.wishledger.client.RpcClient;
import org.wishledger.client.Submissions;
import org.wishledger.client.Wallet;
import org.wishledger.client.anon.AnonBuckets;
import org.wishledger.client.anon.AnonTxBuilder;
import org.wishledger.client.anon.NoteFile;
import org.wishledger.client.anon.SpendPolicy;
import org.wishledger.client.proto.AnonBucketView;
import org.wishledger.client.proto.AnonBucketsResponse;
import org.wishledger.client.proto.SubmitResult;
import org.wishledger.ledger.anon.AnonKeys;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.AnonBucket;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.rules.AnonParams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Anonymous wishes (docs/privacy.md): deposit a note from an account, list the local notes and the
 * chain's buckets, and spend a note on a wish or an endorsement once its bucket is sealed and the
 * spend policy's random delay has passed. Note secrets live in a 0600 file.
 */
@Command(name = "anon", description = "Anonymous wishes: deposit notes, then spend them without a signer.",
        mixinStandardHelpOptions = true)
final class AnonCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final SecureRandom random = new SecureRandom();

    @Command(name = "deposit", description = "Deposit a note of value 10^DENOM (plus the fee) into the public escrow.",
            mixinStandardHelpOptions = true)
    int deposit(@Option(names = "--node", required = true, paramLabel = "HOST:PORT") String node,
                @Option(names = "--rpc", required = true, paramLabel = "URL") String rpcUrl,
                @Option(names = "--key", required = true, paramLabel = "FILE") Path keyFile,
                @Option(names = "--notes", required = true, paramLabel = "FILE", description = "note secrets (0600)") Path notes,
                @Option(names = "--denom", required = true) int denom,
                @Option(names = "--timeout", defaultValue = "60s") Duration timeout,
                @Option(names = "--json") boolean json) throws IOException {
        checkDenom(denom);
        RpcClient rpc = new RpcClient(rpcUrl);
        Genesis genesis = rpc.genesis();
        KeyPair key = KeyFiles.load(keyFile);
        AnonTxBuilder builder = new AnonTxBuilder(Wallet.txBuilder(genesis), AnonParams.DEFAULTS);
        BigInteger secret = AnonKeys.newSecret(random);
        // The secret is saved before the deposit leaves: a lost secret is a lost note.
        List<NoteFile.Note> all = new ArrayList<>(NoteFile.read(notes));
        all.add(new NoteFile.Note(denom, secret, false));
        NoteFile.write(notes, all);
        Tx tx = builder.deposit(key, rpc.account(key.address()).getNonce(), denom, secret);
        return submit(node, null, tx, timeout, json);
    }

    @Command(name = "notes", description = "List the notes of a note file (never prints secrets).", mixinStandardHelpOptions = true)
    int notes(@Option(names = "--notes", required = true, paramLabel = "FILE") Path notes) throws IOException {
        AnonKeys keys = new AnonKeys(generators());
        List<String> lines = new ArrayList<>();
        for (NoteFile.Note n : NoteFile.read(notes)) {
            lines.add("denom " + n.denom() + "  value " + AnonParams.DEFAULTS.value(n.denom()) + "  note_key "
                    + Hex.encode(keys.noteKey(n.secret())) + (n.spent() ? "  spent" : "  unspent"));
        }
        spec.commandLine().getOut().println(lines.isEmpty() ? "no notes" : String.join("\n", lines));
        spec.commandLine().getOut().flush();
        return 0;
    }

    @Command(name = "buckets", description = "The newest buckets of a denomination.", mixinStandardHelpOptions = true)
    int buckets(@Option(names = "--rpc", required = true, paramLabel = "URL") String rpcUrl,
                @Option(names = "--denom", required = true) int denom,
                @Option(names = "--json") boolean json) throws IOException {
        AnonBucketsResponse r = AnonBuckets.list(new RpcClient(rpcUrl), denom);
        Output.result(spec, json, r, () -> {
            List<String> lines = new ArrayList<>();
            for (AnonBucketView b : r.getBucketsList()) {
                lines.add("bucket " + b.getBucketId() + "  deposits " + b.getDeposits() + "  "
                        + (b.getSealed() ? "sealed at " + b.getSealedHeight() : "open since " + b.getOpenedHeight())
                        + "  distinct depositors " + b.getDistinctDepositors() + "  spends " + b.getSpends());
            }
            return lines.isEmpty() ? "no buckets of denomination " + denom : String.join("\n", lines);
        });
        return 0;
    }

    @Command(name = "wish", description = "Spend a note on an anonymous wish (burn = note value - fee).",
            mixinStandardHelpOptions = true)
    int wish(@CommandLine.Mixin Spend s,
             @Option(names = "--scenario", required = true) String scenario,
             @Option(names = "--desired", required = true) String desired,
             @Option(names = "--undesired") String undesired) throws IOException {
        Wish.Builder w = Wish.newBuilder().setScenario(scenario).setDesired(desired);
        if (undesired != null) {
            w.setUndesired(undesired);
        }
        return spend(s, (builder, note, bucket) -> builder.wish(w.build(), note.denom(), note.secret(), bucket, random));
    }

    @Command(name = "endorse", description = "Spend a note to burn behind an existing wish.", mixinStandardHelpOptions = true)
    int endorse(@CommandLine.Mixin Spend s,
                @Option(names = "--wish", required = true, paramLabel = "WISH_ID") String wishId) throws IOException {
        byte[] id = SubmitCommand.hex("--wish", wishId, 32);
        return spend(s, (builder, note, bucket) -> builder.endorse(id, note.denom(), note.secret(), bucket, random));
    }

    /** What a spend needs. */
    static final class Spend {
        @Option(names = "--node", required = true, paramLabel = "HOST:PORT")
        String node;
        @Option(names = "--rpc", required = true, paramLabel = "URL")
        String rpc;
        @Option(names = "--notes", required = true, paramLabel = "FILE")
        Path notes;
        @Option(names = "--denom", required = true)
        int denom;
        @Option(names = "--no-delay", description = "spend as soon as the bucket is sealed (weakens anonymity)")
        boolean noDelay;
        @Option(names = "--proxy", paramLabel = "HOST:PORT", description = "submit the spend through this SOCKS5 "
                + "proxy (Tor: 127.0.0.1:9050); the --node name is resolved by the proxy, not here. RPC reads "
                + "(the bucket's keys) do not go through it: see docs/privacy.md")
        String proxy;
        @Option(names = "--timeout", defaultValue = "60s")
        Duration timeout;
        @Option(names = "--json")
        boolean json;
    }

    private interface SpendTx {
        Tx build(AnonTxBuilder builder, NoteFile.Note note, AnonBucket bucket);
    }

    private int spend(Spend s, SpendTx spendTx) throws IOException {
        checkDenom(s.denom);
        hostPort("--node", s.node); // bad addresses fail before any work
        if (s.proxy != null) {
            hostPort("--proxy", s.proxy);
        }
        RpcClient rpc = new RpcClient(s.rpc);
        AnonTxBuilder builder = new AnonTxBuilder(Wallet.txBuilder(rpc.genesis()), AnonParams.DEFAULTS);
        List<NoteFile.Note> notes = new ArrayList<>(NoteFile.read(s.notes));
        for (int i = 0; i < notes.size(); i++) {
            NoteFile.Note note = notes.get(i);
            if (note.spent() || note.denom() != s.denom) {
                continue;
            }
            Optional<AnonBucket> bucket = AnonBuckets.holding(rpc, s.denom, builder.keys().noteKey(note.secret()));
            if (bucket.isEmpty() || bucket.get().getSealedHeight() == 0) {
                continue; // not deposited yet, or its bucket is still open
            }
            SpendPolicy policy = SpendPolicy.DEFAULT;
            policy.warning(bucket.get()).ifPresent(w -> Output.progress(spec, "warning: " + w));
            long at = s.noDelay ? bucket.get().getSealedHeight() : policy.spendAt(bucket.get(), random).orElseThrow();
            long now = rpc.status().getHeight();
            if (now < at) {
                throw new CliException("the note's bucket is sealed, but the spend policy waits until height " + at
                        + " (now " + now + "); run again then, or give --no-delay", 4);
            }
            Tx tx = spendTx.build(builder, note, bucket.get());
            int code = submit(s.node, s.proxy, tx, s.timeout, s.json);
            if (code == 0) {
                notes.set(i, new NoteFile.Note(note.denom(), note.secret(), true));
                NoteFile.write(s.notes, notes);
            }
            return code;
        }
        throw new CliException("no unspent note of denomination " + s.denom + " in a sealed bucket", 4);
    }

    private int submit(String node, String proxy, Tx tx, Duration timeout, boolean json) throws IOException {
        HostPort to = hostPort("--node", node);
        HostPort via = proxy == null ? null : hostPort("--proxy", proxy);
        SubmitResult r;
        try (NativeClient client = via == null ? NativeClient.connect(to.host(), to.port())
                : NativeClient.connectVia(via, to.host(), to.port())) {
            r = Submissions.submit(client, tx, WaitFor.COMMITTED, timeout);
        }
        Output.result(spec, json, r, () -> SubmitCommand.describe(r));
        return r.getStatus().equals("rejected") || r.getStatus().equals("timeout") ? 3 : 0;
    }

    private static HostPort hostPort(String option, String text) {
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage(), 2);
        }
    }

    private static void checkDenom(int denom) {
        if (!AnonParams.DEFAULTS.validDenom(denom)) {
            throw new CliException("--denom must be between " + AnonParams.DEFAULTS.minDenom() + " and "
                    + AnonParams.DEFAULTS.maxDenom() + ", got " + denom, 2);
        }
    }

    private static org.wishledger.ledger.anon.TriptychGenerators generators() {
        return new org.wishledger.ledger.anon.TriptychGenerators(org.wishledger.ledger.anon.TriptychParams.LEDGER);
    }
}
