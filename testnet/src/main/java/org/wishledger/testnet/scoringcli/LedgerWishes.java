package org.wishledger.testnet.scoringcli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.scoring.WishInput;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.WishView;
import org.wishledger.client.proto.WishesResponse;

/** Every committed wish, in block order, through GET /wishes paging, as the scoring library's {@link WishInput}. */
public final class LedgerWishes {
    /** The RPC's MAX_WISH_PAGE. */
    static final int PAGE = 500;

    private LedgerWishes() {
    }

    /** The wishes and the height the last page reported (the ledger may have grown while paging). */
    public record Fetched(List<WishInput> wishes, long latestHeight) {
    }

    public static Fetched fetchAll(RpcClient rpc, Consumer<String> progress) throws IOException {
        List<WishInput> out = new ArrayList<>();
        long afterHeight = 0;
        Integer afterIndex = null;
        long latest = 0;
        while (true) {
            WishesResponse page = rpc.wishes(afterHeight, afterIndex, PAGE);
            for (WishView w : page.getWishesList()) {
                out.add(toInput(w));
            }
            latest = page.getLatestHeight();
            progress.accept("fetched " + out.size() + " wishes (ledger height " + latest + ")");
            if (!page.getMore() || page.getWishesCount() == 0) {
                return new Fetched(List.copyOf(out), latest);
            }
            afterHeight = page.getNextAfterHeight();
            afterIndex = page.getNextAfterIndex();
        }
    }

    /** Weight = influence (own burn + endorsements, saturating), as the node's scorer weighs it. */
    static WishInput toInput(WishView w) {
        long burnTotal = w.getInfluence() < 0 ? Long.MAX_VALUE : w.getInfluence(); // uint64 above 2^63-1
        return new WishInput(Hex.decode(w.getId()), w.getScenario(), w.getDesired(),
                w.getUndesired().isEmpty() ? null : w.getUndesired(), burnTotal, w.getTimeMs(), w.getHeight(),
                w.getTagsList());
    }
}
