package io.wharf.server;

import io.wharf.store.MessageStore;
import java.net.InetSocketAddress;
import java.time.InstantSource;

/**
 * One running broker node: its store and its admin endpoint. {@link #close()} shuts down gracefully: the admin
 * endpoint stops, then the store flushes, checkpoints and closes cleanly.
 */
public final class BrokerNode implements AutoCloseable {
    private final BrokerConfig config;
    private final MessageStore store;
    private final AdminHttpServer admin;

    private BrokerNode(BrokerConfig config, MessageStore store, AdminHttpServer admin) {
        this.config = config;
        this.store = store;
        this.admin = admin;
    }

    /** Opens the store (running recovery if needed) and starts the admin endpoint. */
    public static BrokerNode start(BrokerConfig config, InstantSource clock) {
        MessageStore store = MessageStore.open(config.storeConfig(), clock);
        try {
            return new BrokerNode(config, store,
                new AdminHttpServer(config.adminHost(), config.adminPort(), store, config.nodeId()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public BrokerConfig config() {
        return config;
    }

    public MessageStore store() {
        return store;
    }

    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    @Override
    public void close() {
        admin.close();
        store.close();
    }
}
