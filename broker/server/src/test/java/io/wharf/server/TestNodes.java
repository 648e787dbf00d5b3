package io.wharf.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

/** In-process broker nodes on ephemeral ports with small files, for tests that need the node's insides. */
final class TestNodes {
    private TestNodes() {
    }

    static BrokerNode start(Path dir, String... extra) {
        Properties p = new Properties();
        p.setProperty("wharf.data.dir", dir.toString());
        p.setProperty("wharf.admin.port", "0");
        p.setProperty("wharf.broker.port", "0");
        p.setProperty("wharf.store.segment.bytes", "1048576");
        p.setProperty("wharf.store.preallocate", "false");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.setProperty("wharf." + extra[i], extra[i + 1]);
        }
        return BrokerNode.start(BrokerConfig.load(null, Map.of(), p), Clock.systemUTC());
    }
}
