package io.wharf.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * A member the leader could not catch up (it needed entries the leader deleted) copies the leader's store and
     * asks to be restarted over it: close the node and start it again on the same configuration, which installs
     * the copy before the store opens. Returns once a shutdown began.
     */
    private static void restartWhenRebuilt(BrokerConfig config, Object lifecycle, AtomicReference<BrokerNode> current,
                                           CompletableFuture<Void> stopRequested) throws InterruptedException {
        while (true) {
            try {
                CompletableFuture.anyOf(current.get().rebuildRequested(), stopRequested).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            synchronized (lifecycle) {
                if (stopRequested.isDone()) {
                    return;
                }
                LOG.warn("restarting broker node {} over the leader's store copy", config.nodeId());
                current.get().close();
                try {
                    current.set(BrokerNode.start(config, Clock.systemUTC()));
                } catch (RuntimeException e) {
                    LOG.error("broker node {} did not start again over the copy; stopping", config.nodeId(), e);
                    System.exit(1);
                }
                LOG.info("broker node {} is up again over the copy", config.nodeId());
            }
        }
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
        Object lifecycle = new Object();
        AtomicReference<BrokerNode> current = new AtomicReference<>(BrokerNode.start(config, Clock.systemUTC()));
        CompletableFuture<Void> stopRequested = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down broker node {}", config.nodeId());
            stopRequested.complete(null);
            synchronized (lifecycle) {
                current.get().close();
            }
            LOG.info("broker node {} stopped cleanly", config.nodeId());
            stopped.countDown();
        }, "wharf-shutdown"));
        BrokerNode node = current.get();
        String admin = node.adminUrl();
        System.out.printf("Wharf broker node '%s' is up.%n  broker:       %s:%d%n  admin/health: %s/health%n"
                + "  metrics:      %s/metrics%n  admin API:    %s/admin/topics (OpenAPI: %s/openapi.yaml)%n"
                + "  data:         %s%n  flush mode:   %s%n",
            config.nodeId(), node.brokerAddress().getHostString(), node.brokerAddress().getPort(), admin, admin,
            admin, admin, config.storeConfig().dataDir(), config.storeConfig().flushMode());
        System.out.flush();
        restartWhenRebuilt(config, lifecycle, current, stopRequested);
        stopped.await();
    }
}
