package io.wharf.testkit;

import io.wharf.server.BrokerConfig;
import io.wharf.server.BrokerNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node broker in this JVM (io.wharf.server.BrokerNode) on an ephemeral port, with small files and
 * topics created on first use (4 queues each): cheaper to start than a {@link BrokerProcess}, for tests that need a
 * real broker but never kill it.
 */
public final class InProcessBroker implements AutoCloseable {
    private final BrokerNode node;

    private InProcessBroker(BrokerNode node) {
        this.node = node;
    }

    /** Starts a broker with its data in {@code dataDir}; {@code settings} are key, value pairs without "wharf.". */
    public static InProcessBroker start(Path dataDir, String... settings) {
        Properties p = new Properties();
        p.setProperty("wharf.data.dir", dataDir.toString());
        p.setProperty("wharf.admin.port", "0");
        p.setProperty("wharf.broker.port", "0");
        p.setProperty("wharf.store.segment.bytes", "1048576");
        p.setProperty("wharf.store.preallocate", "false");
        p.setProperty("wharf.topic.auto.create", "true");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            p.setProperty("wharf." + settings[i], settings[i + 1]);
        }
        return new InProcessBroker(BrokerNode.start(BrokerConfig.load(null, Map.of(), p), Clock.systemUTC()));
    }

    /** The protocol address, {@code host:port}. */
    public String address() {
        InetSocketAddress a = node.brokerAddress();
        return a.getHostString() + ":" + a.getPort();
    }

    @Override
    public void close() {
        node.close();
    }
}
