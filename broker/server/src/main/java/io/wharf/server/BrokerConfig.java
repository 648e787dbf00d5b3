package io.wharf.server;

import io.wharf.server.auth.AdminTokens;
import java.util.Arrays;
import io.netty.handler.ssl.ClientAuth;
import io.wharf.server.retry.DelayAndRetry;
import io.wharf.server.tls.TlsSettings;
import io.wharf.server.transaction.TransactionConfig;
import io.wharf.raft.RaftOptions;
import io.wharf.server.cluster.ClusterConfig;
import io.wharf.store.CommitPolicy;
import io.wharf.store.FlushMode;
import io.wharf.store.StoreConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A broker node's settings. Each key has a default (listed in {@link #DEFAULTS} and in
 * {@code docs/configuration.md}); a properties file overrides the defaults, environment variables override the
 * file ({@code store.flush.mode} is read from {@code WHARF_STORE_FLUSH_MODE}), and {@code -Dwharf.<key>} system
 * properties override everything.
 */
public final class BrokerConfig {
    /** Every key with its default value, in documentation order. */
    public static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;

    private BrokerConfig(Map<String, String> values) {
        this.values = values;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("node.id", "broker-1");
        d.put("data.dir", "data/broker-1");
        d.put("admin.host", "127.0.0.1");
        d.put("admin.port", "8081");
        d.put("admin.token.read", "");
        d.put("admin.token.admin", "");
        d.put("admin.open.paths", "/health,/metrics");
        d.put("admin.tls.enabled", "false");
        d.put("broker.host", "127.0.0.1");
        d.put("broker.port", "10911");
        d.put("broker.max.frame.bytes", Integer.toString(16 << 20));
        d.put("message.max.bytes", Integer.toString(4 << 20));
        d.put("topic.auto.create", "false");
        d.put("topic.default.queues", "4");
        d.put("consumer.expiry.ms", "10000");
        d.put("queue.lock.lease.ms", "60000");
        d.put("pull.max.suspend.ms", "30000");
        d.put("offset.flush.interval.ms", "1000");
        d.put("transaction.timeout.ms", "6000");
        d.put("transaction.check.interval.ms", "30000");
        d.put("transaction.check.max", "15");
        d.put("delay.levels", "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h");
        d.put("timer.max.delay.ms", Long.toString(7 * 24 * 3_600_000L));
        d.put("schedule.persist.interval.ms", "1000");
        d.put("retry.delays", "");
        d.put("retry.max.reconsume.times", "");
        d.put("store.flush.mode", "SYNC");
        d.put("store.flush.timeout.ms", "5000");
        d.put("store.async.flush.interval.ms", "500");
        d.put("store.segment.bytes", Integer.toString(StoreConfig.DEFAULT_SEGMENT_BYTES));
        d.put("store.preallocate", "true");
        d.put("store.checkpoint.interval.ms", "1000");
        d.put("store.retention.hours", "72");
        d.put("store.retention.ms", "");
        d.put("store.retention.check.interval.ms", "10000");
        d.put("store.max.disk.usage.ratio", "0.75");
        d.put("cluster.members", "");
        d.put("cluster.ack", "majority");
        d.put("cluster.election.timeout.ms", "500");
        d.put("cluster.heartbeat.interval.ms", "100");
        d.put("cluster.commit.timeout.ms", "5000");
        d.put("cluster.max.batch.bytes", Integer.toString(1 << 20));
        d.put("cluster.max.inflight", "8");
        d.put("cluster.secret", "");
        d.put("cluster.join", "false");
        d.put("tls.enabled", "false");
        d.put("tls.cert", "");
        d.put("tls.key", "");
        d.put("tls.ca", "");
        d.put("tls.client.auth", "none");
        d.put("acl.enabled", "false");
        d.put("acl.accounts.file", "");
        return Collections.unmodifiableMap(d);
    }

    /** Loads defaults, then {@code file} (may be null), then the environment, then system properties. */
    public static BrokerConfig load(Path file, Map<String, String> env, Properties system) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read broker configuration " + file, e);
            }
            p.stringPropertyNames().forEach(k -> v.put(requireKnown(k, file.toString()), p.getProperty(k)));
        }
        for (String key : DEFAULTS.keySet()) {
            String fromEnv = env.get("WHARF_" + key.toUpperCase(Locale.ROOT).replace('.', '_'));
            if (fromEnv != null) {
                v.put(key, fromEnv);
            }
            String fromSystem = system.getProperty("wharf." + key);
            if (fromSystem != null) {
                v.put(key, fromSystem);
            }
        }
        BrokerConfig config = new BrokerConfig(v);
        config.storeConfig();
        config.transactionConfig();
        config.tlsSettings();
        return config;
    }

    private static String requireKnown(String key, String source) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "' in " + source
                + "; known settings: " + DEFAULTS.keySet());
        }
        return key;
    }

    public String get(String key) {
        return values.get(key);
    }

    public String nodeId() {
        return get("node.id");
    }

    public Path dataDir() {
        return Path.of(get("data.dir")).toAbsolutePath();
    }

    public String adminHost() {
        return get("admin.host");
    }

    public int adminPort() {
        return intValue("admin.port");
    }

    /** The admin API's bearer tokens and the paths it serves without one. */
    public AdminTokens adminTokens() {
        return new AdminTokens(get("admin.token.read"), get("admin.token.admin"),
            Arrays.stream(get("admin.open.paths").split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .toList());
    }

    /** True: the admin API speaks HTTPS with the node's certificate ({@code tls.cert}, {@code tls.key}). */
    public boolean adminTls() {
        return Boolean.parseBoolean(get("admin.tls.enabled"));
    }

    public String brokerHost() {
        return get("broker.host");
    }

    public int brokerPort() {
        return intValue("broker.port");
    }

    public int maxFrameBytes() {
        return intValue("broker.max.frame.bytes");
    }

    public int maxMessageBytes() {
        return intValue("message.max.bytes");
    }

    public boolean topicAutoCreate() {
        return Boolean.parseBoolean(get("topic.auto.create"));
    }

    public int topicDefaultQueues() {
        return intValue("topic.default.queues");
    }

    public long consumerExpiryMs() {
        return longValue("consumer.expiry.ms");
    }

    public long queueLockLeaseMs() {
        return longValue("queue.lock.lease.ms");
    }

    public long pullMaxSuspendMs() {
        return longValue("pull.max.suspend.ms");
    }

    public long offsetFlushIntervalMs() {
        return longValue("offset.flush.interval.ms");
    }

    /** The protocol port's TLS, or null when {@code tls.enabled} is false. */
    public TlsSettings tlsSettings() {
        if (!Boolean.parseBoolean(get("tls.enabled"))) {
            return null;
        }
        ClientAuth auth = switch (get("tls.client.auth").trim().toLowerCase(Locale.ROOT)) {
            case "none" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            case "require" -> ClientAuth.REQUIRE;
            default -> throw new IllegalArgumentException("tls.client.auth must be none, optional or require, got '"
                + get("tls.client.auth") + "'");
        };
        return new TlsSettings(path("tls.cert"), path("tls.key"), path("tls.ca"), auth);
    }

    private Path path(String key) {
        String v = get(key).trim();
        return v.isEmpty() ? null : Path.of(v).toAbsolutePath();
    }

    /** True: every client connection authenticates and each request needs its account's permission. */
    public boolean aclEnabled() {
        return Boolean.parseBoolean(get("acl.enabled"));
    }

    /** The accounts seed file, or null when none is configured. */
    public Path aclAccountsFile() {
        String f = get("acl.accounts.file").trim();
        return f.isEmpty() ? null : Path.of(f).toAbsolutePath();
    }

    /** The settings of scheduled delivery, retry and dead-letter queues. */
    public DelayAndRetry.Settings delayAndRetrySettings() {
        return new DelayAndRetry.Settings(dataDir().resolve("config"), get("delay.levels"),
            longValue("timer.max.delay.ms"), longValue("schedule.persist.interval.ms"), get("retry.delays"),
            get("retry.max.reconsume.times"));
    }

    /** When half messages are checked back; invalid values raise IllegalArgumentException. */
    public TransactionConfig transactionConfig() {
        return new TransactionConfig(longValue("transaction.timeout.ms"),
            longValue("transaction.check.interval.ms"), intValue("transaction.check.max"));
    }

    /** The broker group this node is a member of, or null when {@code cluster.members} is empty (one node). */
    public ClusterConfig clusterConfig() {
        String members = get("cluster.members").trim();
        if (members.isEmpty()) {
            return null;
        }
        return new ClusterConfig(nodeId(), ClusterConfig.parseMembers(members),
            ClusterConfig.parseAck(get("cluster.ack")),
            new RaftOptions(longValue("cluster.election.timeout.ms"), longValue("cluster.heartbeat.interval.ms"),
                intValue("cluster.max.batch.bytes"), intValue("cluster.max.inflight")),
            longValue("cluster.commit.timeout.ms"), get("cluster.secret"), tlsSettings(),
            Boolean.parseBoolean(get("cluster.join")));
    }

    /** The store settings derived from this configuration; invalid values raise IllegalArgumentException. */
    public StoreConfig storeConfig() {
        return StoreConfig.builder(dataDir().resolve("store"))
            .commitPolicy(get("cluster.members").isBlank() ? CommitPolicy.LOCAL : CommitPolicy.EXTERNAL)
            .flushMode(FlushMode.valueOf(get("store.flush.mode").toUpperCase(Locale.ROOT)))
            .flushTimeout(Duration.ofMillis(longValue("store.flush.timeout.ms")))
            .asyncFlushInterval(Duration.ofMillis(longValue("store.async.flush.interval.ms")))
            .commitLogSegmentBytes(intValue("store.segment.bytes"))
            .preallocateSegments(Boolean.parseBoolean(get("store.preallocate")))
            .checkpointInterval(Duration.ofMillis(longValue("store.checkpoint.interval.ms")))
            .retentionAge(get("store.retention.ms").isBlank() ? Duration.ofHours(longValue("store.retention.hours"))
                : Duration.ofMillis(longValue("store.retention.ms")))
            .retentionCheckInterval(Duration.ofMillis(longValue("store.retention.check.interval.ms")))
            .maxDiskUsageRatio(Double.parseDouble(get("store.max.disk.usage.ratio")))
            .build();
    }

    private int intValue(String key) {
        try {
            return Integer.parseInt(get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + get(key) + "'");
        }
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + get(key) + "'");
        }
    }
}
