package io.wharf.client.remoting;

import io.wharf.client.WharfClientException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the client's futures from application threads, with their failures unwrapped. */
public final class Futures {
    private Futures() {
    }

    /** The failure itself, without the CompletionException or ExecutionException around it. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Waits for {@code future}; a {@link WharfClientException} or other runtime failure is rethrown as is (with
     * this thread's stack added as suppressed), anything else wrapped. An interrupt is restored and rethrown as
     * a connection failure.
     */
    public static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WharfClientException.connection("interrupted while waiting for the broker", e);
        } catch (ExecutionException | CancellationException | CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException re) {
                re.addSuppressed(new Exception("awaited here"));
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }
}
