package io.wharf.server.net;

import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.ErrorBody;
import io.wharf.server.common.BrokerException;
import io.wharf.store.AppendsClosedException;
import io.wharf.store.common.StoreFailedException;
import io.wharf.protocol.NotLeader;

/** Maps a failure to the error response a client gets. */
final class ErrorReplies {
    private ErrorReplies() {
    }

    static RequestHandler.Reply of(Throwable e) {
        Status status;
        if (e instanceof BrokerException b) {
            status = b.status();
        } else if (e instanceof ProtocolException p) {
            status = p.status();
        } else if (e instanceof AppendsClosedException) {
            return new RequestHandler.Reply(Status.NOT_LEADER, new ErrorBody(NotLeader.message(null)).toBuffer());
        } else if (e instanceof StoreFailedException) {
            status = Status.STORE_FAILED;
        } else if (e instanceof IllegalArgumentException) {
            status = Status.BAD_REQUEST;
        } else {
            status = Status.SYSTEM_ERROR;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new RequestHandler.Reply(status, new ErrorBody(message).toBuffer());
    }
}
