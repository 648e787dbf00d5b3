package io.wharf.client.remoting;

import io.wharf.protocol.Frame;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.ErrorBody;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers requests a broker sends to the client (later: transaction check-back). It runs on an I/O thread and
 * must not block: hand slow work to an executor and complete the returned stage from there. For a one-way frame
 * the answer is dropped.
 */
@FunctionalInterface
public interface ServerRequestHandler {
    /** Answers every request with {@link Status#UNSUPPORTED_OPCODE}. */
    ServerRequestHandler UNSUPPORTED = request -> CompletableFuture.completedFuture(unsupported(request));

    /** The response to {@code request}, built with {@link Frame#response}. */
    CompletionStage<Frame> handle(Frame request);

    /** The UNSUPPORTED_OPCODE answer to {@code request}. */
    static Frame unsupported(Frame request) {
        return Frame.response(request, Status.UNSUPPORTED_OPCODE,
            new ErrorBody("the client does not handle opcode " + request.opcodeCode()).toBuffer());
    }
}
