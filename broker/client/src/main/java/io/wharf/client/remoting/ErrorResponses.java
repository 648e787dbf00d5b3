package io.wharf.client.remoting;

import io.wharf.client.WharfClientException;
import io.wharf.protocol.Frame;
import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.body.ErrorBody;

/** Turns an error response into a {@link WharfClientException} carrying its status and the broker's message. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static WharfClientException toException(Frame response) {
        String message;
        try {
            message = ErrorBody.decode(response.reader()).message();
        } catch (ProtocolException e) {
            message = "(the error body could not be decoded: " + e.getMessage() + ")";
        }
        return WharfClientException.ofStatus(response.status(), message);
    }
}
