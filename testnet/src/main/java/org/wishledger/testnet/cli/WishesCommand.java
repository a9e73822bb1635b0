package org.wishledger.testnet.cli;

import java.io.IOException;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.WishView;
import org.wishledger.client.proto.WishesResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "wishes", description = "Read committed wishes over RPC.", mixinStandardHelpOptions = true)
final class WishesCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "list", description = "List committed wishes in chain order, one page (or --all).",
            mixinStandardHelpOptions = true)
    int list(@Option(names = "--rpc", required = true, paramLabel = "URL") String url,
             @Option(names = "--after-height", defaultValue = "0", description = "start after this height") long afterHeight,
             @Option(names = "--after-index", description = "with --after-height: start after this index in that block")
             Integer afterIndex,
             @Option(names = "--limit", defaultValue = "50", description = "page size, at most 500 (default: ${DEFAULT-VALUE})")
             int limit,
             @Option(names = "--all", description = "follow pages until the end") boolean all,
             @Option(names = "--json", description = "print JSON") boolean json) throws IOException {
        RpcClient rpc = new RpcClient(url);
        WishesResponse page = rpc.wishes(afterHeight, afterIndex, limit);
        WishesResponse.Builder merged = page.toBuilder();
        while (all && page.getMore()) {
            page = rpc.wishes(page.getNextAfterHeight(), page.getNextAfterIndex(), limit);
            merged.addAllWishes(page.getWishesList()).setMore(page.getMore())
                    .setNextAfterHeight(page.getNextAfterHeight()).setNextAfterIndex(page.getNextAfterIndex());
        }
        WishesResponse out = merged.build();
        Output.result(spec, json, out, () -> text(out));
        return 0;
    }

    @Command(name = "show", description = "Show one wish by id.", mixinStandardHelpOptions = true)
    int show(@Option(names = "--rpc", required = true, paramLabel = "URL") String url,
             @Parameters(paramLabel = "WISH_ID") String id,
             @Option(names = "--json", description = "print JSON") boolean json) throws IOException {
        WishView w = new RpcClient(url).wish(SubmitCommand.hex("WISH_ID", id, 32));
        Output.result(spec, json, w, () -> text(w));
        return 0;
    }

    private static String text(WishesResponse r) {
        StringBuilder b = new StringBuilder();
        for (WishView w : r.getWishesList()) {
            b.append(text(w)).append("\n\n");
        }
        b.append(r.getWishesCount()).append(" wishes");
        if (r.getMore()) {
            b.append("; more after --after-height ").append(r.getNextAfterHeight())
                    .append(" --after-index ").append(r.getNextAfterIndex());
        }
        return b.toString();
    }

    private static String text(WishView w) {
        StringBuilder b = new StringBuilder();
        b.append(w.getId()).append("  height ").append(w.getHeight()).append('/').append(w.getIndex())
                .append("  influence ").append(Long.toUnsignedString(w.getInfluence()));
        if (w.getTagsCount() > 0) {
            b.append("  tags ").append(String.join(",", w.getTagsList()));
        }
        b.append("\n  scenario:  ").append(w.getScenario());
        b.append("\n  desired:   ").append(w.getDesired());
        if (!w.getUndesired().isEmpty()) {
            b.append("\n  undesired: ").append(w.getUndesired());
        }
        return b.toString();
    }
}
