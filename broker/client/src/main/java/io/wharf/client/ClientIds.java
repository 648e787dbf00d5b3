package io.wharf.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Default client ids: {@code <host address>@<pid>#<n>}, unique per producer or consumer instance in this JVM.
 * The broker lists a consumer group's members by client id and consumers allocate queues in that sorted order,
 * so ids must be unique within a group.
 */
public final class ClientIds {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private ClientIds() {
    }

    /** A new id for one client instance. */
    public static String next() {
        return hostAddress() + "@" + ProcessHandle.current().pid() + "#" + INSTANCES.incrementAndGet();
    }

    private static String hostAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
