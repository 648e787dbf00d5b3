package io.wharf.client;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.wharf.protocol.Status;
import javax.net.ssl.SSLException;

/**
 * A request that failed: the broker answered with an error {@link Status} (the message is the broker's
 * explanation), no answer came within the timeout, or the connection could not be opened or was lost.
 *
 * <p>A timeout or a lost connection does not say whether the broker carried the request out: a send that
 * failed this way may have been stored, and retrying it may store it twice.
 */
public final class WharfClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** The broker answered with an error status. */
        ERROR_STATUS,
        /** No answer within the request's timeout. */
        TIMEOUT,
        /** The connection could not be opened, broke, or the client was closed. */
        CONNECTION
    }

    private final Reason reason;
    private final transient Status status;
    private final String brokerMessage;
    private final boolean neverSent;

    private WharfClientException(Reason reason, Status status, String brokerMessage, boolean neverSent,
                                 String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.brokerMessage = brokerMessage;
        this.neverSent = neverSent;
    }

    /** The broker (or the client on its behalf, e.g. for an oversized message) refused with {@code status}. */
    public static WharfClientException ofStatus(Status status, String message) {
        return new WharfClientException(Reason.ERROR_STATUS, status, message, false, status + ": " + message, null);
    }

    public static WharfClientException timeout(String message) {
        return timeout(message, null);
    }

    /** A timeout after {@code cause}, the last of several failed attempts. */
    public static WharfClientException timeout(String message, Throwable cause) {
        return new WharfClientException(Reason.TIMEOUT, null, null, false, message, cause);
    }

    /** The connection broke (or the client was closed) after the request may have been written. */
    public static WharfClientException connection(String message, Throwable cause) {
        return new WharfClientException(Reason.CONNECTION, null, null, false, message, cause);
    }

    /** No connection could be opened: the request never left the client. */
    public static WharfClientException notConnected(String message, Throwable cause) {
        return new WharfClientException(Reason.CONNECTION, null, null, true, message, cause);
    }

    public Reason reason() {
        return reason;
    }

    /** The error status when {@link #reason()} is {@link Reason#ERROR_STATUS}, otherwise null. */
    public Status status() {
        return status;
    }

    /** The broker's explanation when {@link #reason()} is {@link Reason#ERROR_STATUS}, otherwise null. */
    public String brokerMessage() {
        return brokerMessage;
    }

    /**
     * True when no connection to the broker could be opened, so the request was never written and the broker
     * cannot have carried it out.
     */
    public boolean neverSent() {
        return neverSent;
    }

    /**
     * True when the connection failed in its TLS handshake or session (an untrusted certificate, a client
     * certificate the broker requires and did not get, a TLS client on a plaintext port): a setting to fix, which
     * trying again does not change.
     */
    public boolean isTlsFailure() {
        return reason == Reason.CONNECTION && tlsCause(getCause()) != null;
    }

    /**
     * The {@code SSLException} in {@code error}'s cause chain, or null. A handshake that timed out is not one: a
     * frozen broker is a passing fault.
     */
    public static Throwable tlsCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SslHandshakeTimeoutException) {
                return null;
            }
            if (t instanceof SSLException) {
                return t;
            }
        }
        return null;
    }

    /** True when the request failed in transport (timeout or connection), not by the broker's decision. */
    public boolean isTransportFailure() {
        return reason != Reason.ERROR_STATUS;
    }
}
