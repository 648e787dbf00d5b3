package io.wharf.client.remoting;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the client: daemon threads named {@code <prefix>-<n>}, so a client that was never shut
 * down does not keep its JVM alive.
 */
public final class ClientThreads {
    private ClientThreads() {
    }

    public static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
