package org.wishledger.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.ErrorCode;

/**
 * The one JSON dialect of the RPC and the CLI: protobuf's JSON mapping with the .proto field names
 * (snake_case, like the query parameters) and every field printed, so a client sees "height": "0"
 * rather than a missing key.
 */
public final class ProtoJson {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Printer COMPACT = PRINTER.omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Parser STRICT_PARSER = JsonFormat.parser();

    private ProtoJson() {
    }

    public static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types fail to print; our messages have none.
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
        }
    }

    public static String printCompact(MessageOrBuilder message) {
        try {
            return COMPACT.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
        }
    }

    /** Lenient parse for answers from a (possibly newer) node: unknown fields are ignored. */
    public static <B extends Message.Builder> B parse(String json, B builder) throws InvalidProtocolBufferException {
        PARSER.merge(json, builder);
        return builder;
    }

    /** Strict parse for requests: a misspelled field is an error the caller should see. */
    public static <B extends Message.Builder> B parseRequest(String json, B builder) throws Rejection {
        try {
            STRICT_PARSER.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new Rejection(ErrorCode.MALFORMED, "request body is not valid JSON for "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        }
    }
}
