package io.wharf.client.remoting;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of every request timeout in this JVM: a hashed wheel with 10 ms ticks on a daemon thread. Arming
 * and cancelling a timeout are lock-free queue operations, where a timer on the connection's event loop cost a
 * task (and often a wake-up of that loop) to arm and another to cancel, for every request.
 */
final class RequestTimer {
    static final Timer TIMER = new HashedWheelTimer(ClientThreads.daemon("wharf-request-timer"), 10,
        TimeUnit.MILLISECONDS, 1024);

    private RequestTimer() {
    }
}
