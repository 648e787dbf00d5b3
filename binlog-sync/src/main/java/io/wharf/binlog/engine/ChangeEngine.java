package io.wharf.binlog.engine;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.wharf.binlog.BinlogConfiguration;
import io.wharf.contracts.binlog.OrderRowChanged;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Debezium engine on the order database (the datasource's URL and account; pgoutput, the slot and the
 * publication of {@code binlog.*}) and hands each batch of changes to the {@link ChangePublisher} in order. A
 * record is marked processed only after its message was acknowledged, so the offsets file and the slot's confirmed
 * position never pass an unpublished change: after a crash changes are published again (duplicates the warehouse
 * skips by LSN), never skipped. An engine that stops with an error (the database went away) is started again after
 * {@code binlog.restart-delay}; meanwhile health is DOWN.
 */
@Context
@Requires(property = "binlog.enabled", notEquals = "false")
public class ChangeEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEngine.class);

    private final BinlogConfiguration config;
    private final ChangeParser parser;
    private final ChangePublisher publisher;
    private final SyncStatus status;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "binlog-engine"));
    private volatile boolean closing;
    private volatile DebeziumEngine<ChangeEvent<String, String>> current;

    public ChangeEngine(BinlogConfiguration config, ChangeParser parser, ChangePublisher publisher, SyncStatus status,
                        @Value("${datasources.default.url}") String jdbcUrl,
                        @Value("${datasources.default.username}") String user,
                        @Value("${datasources.default.password}") String password) {
        this.config = config;
        this.parser = parser;
        this.publisher = publisher;
        this.status = status;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    @PostConstruct
    void start() {
        try {
            Files.createDirectories(config.getDataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create binlog.data-dir " + config.getDataDir(), e);
        }
        thread.execute(this::supervise);
    }

    private void supervise() {
        while (!closing) {
            String[] outcome = {"stopped"};
            DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class)
                .using(properties())
                .notifying(this::handleBatch)
                .using((success, message, error) -> {
                    outcome[0] = success ? "stopped: " + message : "failed: " + message
                        + (error == null ? "" : " (" + error + ")");
                })
                .build();
            current = engine;
            status.running(true);
            LOG.info("change engine started on {} (slot {}, tables {})", jdbcUrl, config.getSlotName(),
                config.getTables());
            try {
                engine.run();
            } catch (RuntimeException e) {
                outcome[0] = "failed: " + e;
            } finally {
                status.running(false);
                close(engine);
            }
            if (closing) {
                return;
            }
            status.failed("change engine " + outcome[0]);
            LOG.error("change engine {}; starting it again in {}", outcome[0], config.getRestartDelay());
            try {
                Thread.sleep(config.getRestartDelay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void handleBatch(List<ChangeEvent<String, String>> records,
                             DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer)
        throws InterruptedException {
        for (ChangeEvent<String, String> record : records) {
            Optional<OrderRowChanged> change = parser.parse(record.value());
            if (change.isPresent()) {
                publisher.publish(change.get());
            }
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    Properties properties() {
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        Properties p = new Properties();
        p.setProperty("name", "binlog-sync");
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty("offset.storage.file.filename", config.getDataDir().resolve("offsets.dat").toString());
        p.setProperty("offset.flush.interval.ms", Long.toString(config.getOffsetFlushInterval().toMillis()));
        p.setProperty("database.hostname", db.getHost());
        p.setProperty("database.port", Integer.toString(db.getPort() < 0 ? 5432 : db.getPort()));
        p.setProperty("database.dbname", db.getPath().substring(1));
        p.setProperty("database.user", user);
        p.setProperty("database.password", password);
        p.setProperty("topic.prefix", "orders");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", config.getSlotName());
        p.setProperty("publication.name", config.getPublicationName());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", String.join(",", config.getTables()));
        p.setProperty("snapshot.mode", config.getSnapshotMode());
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("heartbeat.interval.ms", Long.toString(config.getHeartbeatInterval().toMillis()));
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("converter.schemas.enable", "false");
        p.setProperty("key.converter.schemas.enable", "false");
        p.setProperty("value.converter.schemas.enable", "false");
        return p;
    }

    private static void close(DebeziumEngine<?> engine) {
        try {
            engine.close();
        } catch (IOException e) {
            LOG.warn("closing the change engine: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        closing = true;
        DebeziumEngine<ChangeEvent<String, String>> e = current;
        if (e != null) {
            close(e);
        }
        thread.shutdown();
        if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
            thread.shutdownNow();
            LOG.warn("change engine did not stop within 30 s");
        }
    }
}
