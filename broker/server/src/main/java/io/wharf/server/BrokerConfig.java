package io.wharf.server;

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
        d.put("store.flush.mode", "SYNC");
        d.put("store.flush.timeout.ms", "5000");
        d.put("store.async.flush.interval.ms", "500");
        d.put("store.segment.bytes", Integer.toString(StoreConfig.DEFAULT_SEGMENT_BYTES));
        d.put("store.preallocate", "true");
        d.put("store.checkpoint.interval.ms", "1000");
        d.put("store.retention.hours", "72");
        d.put("store.max.disk.usage.ratio", "0.75");
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

    /** The store settings derived from this configuration; invalid values raise IllegalArgumentException. */
    public StoreConfig storeConfig() {
        return StoreConfig.builder(dataDir().resolve("store"))
            .flushMode(FlushMode.valueOf(get("store.flush.mode").toUpperCase(Locale.ROOT)))
            .flushTimeout(Duration.ofMillis(longValue("store.flush.timeout.ms")))
            .asyncFlushInterval(Duration.ofMillis(longValue("store.async.flush.interval.ms")))
            .commitLogSegmentBytes(intValue("store.segment.bytes"))
            .preallocateSegments(Boolean.parseBoolean(get("store.preallocate")))
            .checkpointInterval(Duration.ofMillis(longValue("store.checkpoint.interval.ms")))
            .retentionAge(Duration.ofHours(longValue("store.retention.hours")))
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
