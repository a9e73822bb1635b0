package org.wishledger.rules;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.crypto.Address;
import org.wishledger.ledger.crypto.Hex;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.GenesisAccount;
import org.wishledger.ledger.proto.GenesisValidator;
import org.wishledger.ledger.proto.ValidatorInfo;
import org.wishledger.ledger.proto.ValidatorSet;

/**
 * Reads a genesis document (protobuf JSON mapping) and validates it: chain id, account addresses and
 * balances, validator keys and powers, params. Every problem is reported with the field it is in.
 */
public final class GenesisLoader {
    /** Like CometBFT: short, printable, no spaces, so it can appear in file names and URLs. */
    private static final Pattern CHAIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,49}");
    /** Bounded well below 2^63 so sums and priorities in proposer selection cannot overflow. */
    public static final long MAX_TOTAL_VOTING_POWER = Long.MAX_VALUE / 8;

    private GenesisLoader() {
    }

    public static Genesis load(Path json) throws IOException {
        return load(Files.readAllBytes(json), json.toString());
    }

    /**
     * As {@link #load(Path)} from the file's bytes; {@code source} names it in messages.
     *
     * @throws java.nio.charset.CharacterCodingException when the bytes are not UTF-8 (as Files.readString)
     */
    public static Genesis load(byte[] json, String source) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json)).toString(); // strict
        Genesis.Builder b = Genesis.newBuilder();
        try {
            JsonFormat.parser().merge(text, b); // unknown fields are an error: a typo must not pass silently
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidGenesisException(source + " is not a valid genesis document: " + e.getMessage(), e);
        }
        Genesis g = b.build();
        validate(g);
        return g;
    }

    /** The genesis as JSON, in the form {@link #load} reads. */
    public static String toJson(Genesis g) {
        try {
            return JsonFormat.printer().print(g);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws InvalidGenesisException naming the first problem found */
    public static void validate(Genesis g) {
        if (!CHAIN_ID.matcher(g.getChainId()).matches()) {
            throw new InvalidGenesisException("chain_id '" + g.getChainId() + "' must be 1-50 characters of"
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        accounts(g);
        validators(g);
        ChainParams p = ChainParams.from(g.getParams());
        // uint32 fields arrive as Java ints: values of 2^31 and more would read as negative.
        int[] sizes = {p.maxTxBytes(), p.maxScenarioBytes(), p.maxTextBytes(), p.maxBlockBytes(), p.maxBlockTxs(),
            p.maxTags(), p.maxTagBytes()};
        for (int size : sizes) {
            if (size < 0) {
                throw new InvalidGenesisException("params: size limits must be below 2^31, got " + Integer.toUnsignedString(size));
            }
        }
        if (p.maxScenarioBytes() > p.maxTxBytes() || p.maxTextBytes() > p.maxTxBytes()) {
            throw new InvalidGenesisException("params: max_scenario_bytes and max_text_bytes must not exceed max_tx_bytes");
        }
        if (p.maxTxBytes() > p.maxBlockBytes()) {
            throw new InvalidGenesisException("params: max_tx_bytes must not exceed max_block_bytes");
        }
        if (p.requiredFee(p.maxTxBytes()) == -1L) {
            throw new InvalidGenesisException("params: min_fee + fee_per_byte * max_tx_bytes overflows 64 bits");
        }
    }

    /** The initial accounts by address. @throws InvalidGenesisException on bad or duplicate entries */
    public static SortedMap<ByteKey, Account> accounts(Genesis g) {
        SortedMap<ByteKey, Account> accounts = new TreeMap<>();
        for (int i = 0; i < g.getAccountsCount(); i++) {
            GenesisAccount a = g.getAccounts(i);
            byte[] address;
            try {
                address = Hex.decode(a.getAddress());
            } catch (IllegalArgumentException e) {
                throw new InvalidGenesisException("accounts[" + i + "].address '" + a.getAddress() + "' is not hex");
            }
            if (address.length != Address.LENGTH) {
                throw new InvalidGenesisException("accounts[" + i + "].address must be " + Address.LENGTH
                        + " bytes (" + 2 * Address.LENGTH + " hex digits), got " + address.length);
            }
            if (accounts.put(ByteKey.wrap(address), Account.newBuilder().setBalance(a.getBalance()).build()) != null) {
                throw new InvalidGenesisException("accounts[" + i + "].address " + a.getAddress() + " appears twice");
            }
        }
        supply(accounts);
        return accounts;
    }

    /** Sum of the balances. @throws InvalidGenesisException when it does not fit in 64 unsigned bits */
    public static long supply(SortedMap<ByteKey, Account> accounts) {
        long supply = 0;
        for (Account a : accounts.values()) {
            long next = supply + a.getBalance();
            if (Long.compareUnsigned(next, supply) < 0) {
                throw new InvalidGenesisException("the sum of genesis balances overflows 64 unsigned bits");
            }
            supply = next;
        }
        return supply;
    }

    /** The validator set, in genesis order. @throws InvalidGenesisException on bad keys or powers */
    public static ValidatorSet validators(Genesis g) {
        if (g.getValidatorsCount() == 0) {
            throw new InvalidGenesisException("validators: at least one validator is required");
        }
        ValidatorSet.Builder set = ValidatorSet.newBuilder();
        Set<ByteString> seen = new HashSet<>();
        long total = 0;
        for (int i = 0; i < g.getValidatorsCount(); i++) {
            GenesisValidator v = g.getValidators(i);
            PublicKey key;
            try {
                key = PublicKey.decode(v.getPubKey().toByteArray());
            } catch (IllegalArgumentException e) {
                throw new InvalidGenesisException("validators[" + i + "] (" + v.getName() + ").pub_key: " + e.getMessage());
            }
            if (!seen.add(v.getPubKey())) {
                throw new InvalidGenesisException("validators[" + i + "] (" + v.getName() + "): the key appears twice");
            }
            if (v.getPower() <= 0 || v.getPower() > MAX_TOTAL_VOTING_POWER) {
                throw new InvalidGenesisException("validators[" + i + "] (" + v.getName() + ").power must be between 1 and "
                        + MAX_TOTAL_VOTING_POWER + ", got " + Long.toUnsignedString(v.getPower()));
            }
            total += v.getPower();
            if (total > MAX_TOTAL_VOTING_POWER) {
                throw new InvalidGenesisException("validators: total voting power exceeds " + MAX_TOTAL_VOTING_POWER);
            }
            set.addValidators(ValidatorInfo.newBuilder()
                    .setName(v.getName())
                    .setPubKey(v.getPubKey())
                    .setAddress(ByteString.copyFrom(key.address()))
                    .setPower(v.getPower()));
        }
        return set.build();
    }
}
