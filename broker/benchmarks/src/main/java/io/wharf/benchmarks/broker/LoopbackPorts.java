package io.wharf.benchmarks.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;

/** Free ports on 127.0.0.1 for the brokers the tool starts, kept apart from the ones it handed out already. */
final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /**
     * A free loopback port {@code p} with {@code p - 2} and {@code p + 1} free too (a RocketMQ broker also listens
     * there: its "fast" and HA ports), none of the four in {@code taken}; adds them to {@code taken}.
     */
    static int free(Set<Integer> taken) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 100; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
                p = s.getLocalPort();
            }
            List<Integer> range = List.of(p - 2, p - 1, p, p + 1);
            if (p > 1026 && range.stream().noneMatch(taken::contains) && bindable(p - 2, loopback)
                && bindable(p + 1, loopback)) {
                taken.addAll(range);
                return p;
            }
        }
        throw new IllegalStateException("found no free port range on loopback");
    }

    private static boolean bindable(int port, InetAddress address) {
        try (ServerSocket s = new ServerSocket(port, 1, address)) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
