package org.wishledger.node.rpc;

import com.google.protobuf.MessageOrBuilder;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.wishledger.ledger.error.ErrorCodes;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.client.proto.RpcError;
import org.wishledger.client.ProtoJson;

/** What a route answers: a status, a content type and the body bytes. */
public record RpcResponse(HttpResponseStatus status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    public static RpcResponse json(MessageOrBuilder message) {
        return new RpcResponse(HttpResponseStatus.OK, JSON,
                (ProtoJson.print(message) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static RpcResponse text(String contentType, String body) {
        return new RpcResponse(HttpResponseStatus.OK, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static RpcResponse error(ErrorCode code, String message) {
        return error(HttpStatusOf.code(code), code, message);
    }

    public static RpcResponse error(HttpResponseStatus status, ErrorCode code, String message) {
        String text = message == null || message.isEmpty() ? ErrorCodes.describe(code) : message;
        RpcError body = RpcError.newBuilder().setCode(code).setMessage(text).build();
        return new RpcResponse(status, JSON, (ProtoJson.print(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
