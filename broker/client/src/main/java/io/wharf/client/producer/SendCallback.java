package io.wharf.client.producer;

/**
 * Learns how an asynchronous send ended. Called on a producer callback thread, exactly once per send: after
 * the last attempt, with the result or the failure.
 */
public interface SendCallback {
    /** Stored; check {@link SendResult#sendStatus()} as for a synchronous send. */
    void onSuccess(SendResult result);

    /** Not stored as far as the producer knows (after a timeout it may be stored all the same). */
    void onException(Throwable error);
}
