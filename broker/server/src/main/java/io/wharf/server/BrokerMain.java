package io.wharf.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a broker node: {@code java -jar wharf-broker-server.jar [--config FILE]}. The configuration file may
 * also be named by {@code WHARF_CONFIG}. SIGTERM or Ctrl-C shuts the node down cleanly.
 */
public final class BrokerMain {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String configFile = System.getenv("WHARF_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                configFile = args[++i];
            } else {
                System.err.println("usage: wharf-broker-server [--config FILE]");
                System.exit(2);
            }
        }
        BrokerConfig config = BrokerConfig.load(configFile == null ? null : Path.of(configFile), System.getenv(),
            System.getProperties());
        BrokerNode node = BrokerNode.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down broker node {}", config.nodeId());
            node.close();
            LOG.info("broker node {} stopped cleanly", config.nodeId());
            stopped.countDown();
        }, "wharf-shutdown"));
        String admin = node.adminUrl();
        System.out.printf("Wharf broker node '%s' is up.%n  broker:       %s:%d%n  admin/health: %s/health%n"
                + "  metrics:      %s/metrics%n  admin API:    %s/admin/topics (OpenAPI: %s/openapi.yaml)%n"
                + "  data:         %s%n  flush mode:   %s%n",
            config.nodeId(), node.brokerAddress().getHostString(), node.brokerAddress().getPort(), admin, admin,
            admin, admin, config.storeConfig().dataDir(), config.storeConfig().flushMode());
        System.out.flush();
        stopped.await();
    }
}
