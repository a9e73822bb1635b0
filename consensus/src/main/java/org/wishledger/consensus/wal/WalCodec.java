package org.wishledger.consensus.wal;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.consensus.Input;
import org.wishledger.consensus.TimeoutKind;
import org.wishledger.consensus.Validator;
import org.wishledger.consensus.Validators;
import org.wishledger.ledger.crypto.PublicKey;
import org.wishledger.ledger.proto.Vote;

/** The byte form of one {@link Input} in the WAL: a tag byte, then the fields. Votes keep their protobuf bytes. */
final class WalCodec {
    private static final byte NEW_HEIGHT = 1;
    private static final byte PROPOSAL = 2;
    private static final byte VERDICT = 3;
    private static final byte VOTE = 4;
    private static final byte TIMEOUT = 5;
    private static final byte PROPOSE_VALUE = 6;
    private static final byte BLOCK = 7;
    private static final int MAX_BLOCK_PAYLOAD = 1 << 24;

    private WalCodec() {
    }

    static byte[] encode(Input input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            switch (input) {
                case Input.NewHeight nh -> {
                    out.writeByte(NEW_HEIGHT);
                    out.writeLong(nh.height());
                    writeValidators(out, nh.validators());
                }
                case Input.ProposalReceived p -> {
                    out.writeByte(PROPOSAL);
                    out.writeLong(p.height());
                    out.writeInt(p.round());
                    out.writeInt(p.polRound());
                    writeBytes(out, p.valueId());
                    writeBytes(out, p.proposer());
                }
                case Input.ValueVerdict v -> {
                    out.writeByte(VERDICT);
                    out.writeLong(v.height());
                    writeBytes(out, v.valueId());
                    out.writeBoolean(v.valid());
                }
                case Input.VoteReceived v -> {
                    out.writeByte(VOTE);
                    writeBytes(out, v.vote().toByteString());
                }
                case Input.TimeoutElapsed t -> {
                    out.writeByte(TIMEOUT);
                    out.writeByte(t.kind().ordinal());
                    out.writeLong(t.height());
                    out.writeInt(t.round());
                }
                case Input.ProposeValue pv -> {
                    out.writeByte(PROPOSE_VALUE);
                    out.writeLong(pv.height());
                    out.writeInt(pv.round());
                    writeBytes(out, pv.valueId());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream: cannot happen
        }
        return bytes.toByteArray();
    }

    static byte[] encode(BlockRecord block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(block.payload().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(BLOCK);
            out.writeLong(block.height());
            writeBytes(out, block.blockId());
            out.writeBoolean(block.built());
            out.writeInt(block.payload().length);
            out.write(block.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream: cannot happen
        }
        return bytes.toByteArray();
    }

    /** An {@link Input} or a {@link BlockRecord}. */
    static Object decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        byte tag = in.readByte();
        return switch (tag) {
            case BLOCK -> {
                long height = in.readLong();
                ByteString id = readBytes(in);
                boolean built = in.readBoolean();
                int n = in.readInt();
                if (n < 0 || n > MAX_BLOCK_PAYLOAD) {
                    throw new IOException("bad block record length " + n);
                }
                byte[] body = new byte[n];
                in.readFully(body);
                yield new BlockRecord(height, id, built, body);
            }
            case NEW_HEIGHT -> new Input.NewHeight(in.readLong(), readValidators(in));
            case PROPOSAL -> new Input.ProposalReceived(in.readLong(), in.readInt(), in.readInt(), readBytes(in), readBytes(in));
            case VERDICT -> new Input.ValueVerdict(in.readLong(), readBytes(in), in.readBoolean());
            case VOTE -> new Input.VoteReceived(Vote.parseFrom(readBytes(in)));
            case TIMEOUT -> new Input.TimeoutElapsed(timeoutKind(in.readByte()), in.readLong(), in.readInt());
            case PROPOSE_VALUE -> new Input.ProposeValue(in.readLong(), in.readInt(), readBytes(in));
            default -> throw new IOException("unknown WAL record tag " + tag);
        };
    }

    /** An unknown kind is a damaged record (IOException), not an ArrayIndexOutOfBoundsException (found by WalFuzzTest). */
    private static TimeoutKind timeoutKind(byte ordinal) throws IOException {
        TimeoutKind[] kinds = TimeoutKind.values();
        if (ordinal < 0 || ordinal >= kinds.length) {
            throw new IOException("unknown timeout kind " + ordinal + " in a WAL TIMEOUT record");
        }
        return kinds[ordinal];
    }

    private static void writeValidators(DataOutputStream out, Validators validators) throws IOException {
        out.writeInt(validators.size());
        for (int i = 0; i < validators.size(); i++) {
            Validator v = validators.get(i);
            out.writeUTF(v.name());
            out.write(v.publicKey().encoded());
            out.writeLong(v.power());
            out.writeLong(validators.priority(i));
        }
        out.writeInt(validators.roundZeroProposer());
    }

    private static Validators readValidators(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n <= 0 || n > 100_000) {
            throw new IOException("bad validator count " + n);
        }
        List<Validator> members = new ArrayList<>(n);
        long[] priorities = new long[n];
        try {
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] key = new byte[PublicKey.LENGTH];
                in.readFully(key);
                members.add(Validator.of(name, PublicKey.decode(key), in.readLong()));
                priorities[i] = in.readLong();
            }
            return Validators.restore(members, priorities, in.readInt());
        } catch (IllegalArgumentException invalid) {
            // e.g. 32 bytes that are not an Ed25519 key (found by WalFuzzTest): a damaged record
            throw new IOException("invalid validator set in a WAL NEW_HEIGHT record: " + invalid.getMessage(), invalid);
        }
    }

    private static void writeBytes(DataOutputStream out, ByteString bytes) throws IOException {
        out.writeInt(bytes.size());
        bytes.writeTo(out);
    }

    private static ByteString readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return ByteString.copyFrom(b);
    }
}
