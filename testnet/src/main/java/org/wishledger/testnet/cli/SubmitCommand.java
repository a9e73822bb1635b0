package org.wishledger.testnet.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.KeyFiles;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.client.NativeClient;
import org.wishledger.client.HostPort;
import org.wishledger.client.RpcClient;
import org.wishledger.client.Submissions;
import org.wishledger.client.Wallet;
import org.wishledger.node.NodeHome;
import org.wishledger.client.proto.SubmitResult;
import org.wishledger.client.TxBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "submit", description = "Sign a transaction and send it over the native client protocol.",
        mixinStandardHelpOptions = true)
final class SubmitCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where to send, who signs, and how the tx is priced and numbered. */
    static final class Common {
        @Option(names = "--node", required = true, paramLabel = "HOST:PORT", description = "a node's native client port")
        String node;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "signer's key file")
        Path key;

        @Option(names = "--rpc", paramLabel = "URL", description = "a node's RPC, to read the chain id, fee params "
                + "and the signer's nonce (not needed with --genesis and --nonce)")
        String rpc;

        @Option(names = "--genesis", paramLabel = "FILE", description = "genesis.json to read chain id and fee params from")
        Path genesis;

        @Option(names = "--nonce", description = "use this nonce instead of the account's committed one")
        Long nonce;

        @Option(names = "--fee", description = "use this fee instead of the minimum of the genesis fee rule")
        Long fee;

        @Option(names = "--wait", defaultValue = "committed", paramLabel = "none|accepted|committed",
                description = "answer after the node queued it, admitted it to the mempool, or committed it "
                        + "(default: ${DEFAULT-VALUE})")
        String wait;

        @Option(names = "--timeout", defaultValue = "60s", description = "give up waiting after (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        WaitFor waitFor() {
            return switch (wait.toLowerCase()) {
                case "none" -> WaitFor.NONE;
                case "accepted" -> WaitFor.ACCEPTED;
                case "committed" -> WaitFor.COMMITTED;
                default -> throw new CliException("--wait must be none, accepted or committed, got '" + wait + "'", 2);
            };
        }
    }

    @Command(name = "wish", description = "Post a wish: a scenario, the desired behaviour, optionally the undesired one.",
            mixinStandardHelpOptions = true)
    int wish(@Mixin Common common,
             @Option(names = "--scenario", required = true, description = "the situation") String scenario,
             @Option(names = "--desired", required = true, description = "how the AI should behave") String desired,
             @Option(names = "--undesired", description = "how it should not behave") String undesired,
             @Option(names = "--language", description = "BCP-47 tag, e.g. en") String language,
             @Option(names = "--tag", paramLabel = "TAG", description = "repeatable") List<String> tags,
             @Option(names = "--burn", defaultValue = "0", description = "tokens to burn for influence") long burn,
             @Option(names = "--parent", paramLabel = "WISH_ID", description = "id of a wish this one adapts") String parent)
            throws IOException {
        Wish.Builder wish = Wish.newBuilder().setScenario(scenario).setDesired(desired).setBurn(burn);
        if (undesired != null) {
            wish.setUndesired(undesired);
        }
        if (language != null) {
            wish.setLanguage(language);
        }
        if (tags != null) {
            wish.addAllTags(tags);
        }
        if (parent != null) {
            wish.setParent(ByteString.copyFrom(hex("--parent", parent, 32)));
        }
        return send(common, body -> body.setWish(wish));
    }

    @Command(name = "endorse", description = "Burn tokens behind an existing wish.", mixinStandardHelpOptions = true)
    int endorse(@Mixin Common common,
                @Option(names = "--wish", required = true, paramLabel = "WISH_ID") String wishId,
                @Option(names = "--burn", required = true) long burn) throws IOException {
        byte[] id = hex("--wish", wishId, 32);
        return send(common, body -> body.setEndorse(org.wishledger.ledger.proto.Endorse.newBuilder()
                .setWishId(ByteString.copyFrom(id)).setBurn(burn)));
    }

    @Command(name = "transfer", description = "Send tokens to an address.", mixinStandardHelpOptions = true)
    int transfer(@Mixin Common common,
                 @Option(names = "--to", required = true, paramLabel = "ADDRESS") String to,
                 @Option(names = "--amount", required = true) long amount) throws IOException {
        byte[] address = hex("--to", to, 20);
        return send(common, body -> body.setTransfer(org.wishledger.ledger.proto.Transfer.newBuilder()
                .setTo(ByteString.copyFrom(address)).setAmount(amount)));
    }

    private int send(Common c, java.util.function.Consumer<TxBody.Builder> action) throws IOException {
        WaitFor wait = c.waitFor();
        HostPort node = parseNode(c.node);
        KeyPair key = KeyFiles.load(c.key);
        RpcClient rpc = c.rpc != null ? new RpcClient(c.rpc) : null;
        if (c.genesis == null && rpc == null) {
            throw new CliException("give --rpc URL (or --genesis FILE and --nonce N) so the tx can be built", 2);
        }
        if (c.nonce == null && rpc == null) {
            throw new CliException("give --rpc URL to read the account's nonce, or --nonce N", 2);
        }
        Genesis genesis = c.genesis != null ? NodeHome.readGenesis(c.genesis) : rpc.genesis();
        TxBuilder builder = Wallet.txBuilder(genesis);
        long nonce = c.nonce != null ? c.nonce : rpc.account(key.address()).getNonce();
        TxBody.Builder body = builder.body(key, nonce);
        action.accept(body);
        Tx tx = builder.sign(key, body, c.fee != null ? c.fee : -1);
        TxBody signed = TxBody.parseFrom(tx.getBodyBytes());
        SubmitResult result;
        try (NativeClient client = NativeClient.connect(node.host(), node.port())) {
            result = Submissions.submit(client, tx, wait, c.timeout);
        }
        SubmitResult r = result.toBuilder().setNonce(signed.getNonce()).setFee(signed.getFee())
                .setSigner(key.publicKey().addressHex()).build();
        Output.result(spec, c.json, r, () -> describe(r));
        return r.getStatus().equals("rejected") || r.getStatus().equals("timeout") ? 3 : 0;
    }

    static String describe(SubmitResult r) {
        List<String> lines = new ArrayList<>();
        switch (r.getStatus()) {
            case "committed" -> lines.add("committed at height " + r.getHeight() + ", index " + r.getIndex());
            case "accepted" -> lines.add("accepted (not yet committed)");
            case "rejected" -> lines.add("rejected: " + r.getCode() + ": " + r.getMessage());
            default -> lines.add(r.getStatus() + (r.getCode() != ErrorCode.OK ? ": " + r.getMessage() : ""));
        }
        lines.add("hash:  " + r.getHash());
        lines.add("nonce: " + r.getNonce() + "  fee: " + r.getFee() + "  signer: " + r.getSigner());
        return String.join("\n", lines);
    }

    private static HostPort parseNode(String text) {
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException("--node: " + e.getMessage(), 2);
        }
    }

    static byte[] hex(String option, String value, int length) {
        byte[] bytes;
        try {
            bytes = Hex.decode(value);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + " must be hex, got '" + value + "'", 2);
        }
        if (bytes.length != length) {
            throw new CliException(option + " must be " + length + " bytes (" + 2 * length + " hex digits), got "
                    + bytes.length, 2);
        }
        return bytes;
    }
}
