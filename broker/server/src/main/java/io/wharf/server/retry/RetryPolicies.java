package io.wharf.server.retry;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.server.util.JsonFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's default retry policy (settings {@code retry.delays}, {@code retry.max.reconsume.times}) and the
 * per-group overrides set through the admin API, persisted in {@code <config>/retry-policies.json}.
 */
public final class RetryPolicies {
    private final RetryPolicy defaults;
    private final JsonFile<Map<String, RetryPolicy>> file;
    private final ConcurrentHashMap<String, RetryPolicy> byGroup = new ConcurrentHashMap<>();

    public RetryPolicies(RetryPolicy defaults, Path configDir) {
        this.defaults = defaults;
        this.file = new JsonFile<>(configDir.resolve("retry-policies.json"), new TypeReference<>() { });
        Map<String, RetryPolicy> saved = file.read();
        if (saved != null) {
            byGroup.putAll(saved);
        }
    }

    public RetryPolicy of(String group) {
        return byGroup.getOrDefault(group, defaults);
    }

    /** Sets (or with null, removes) a group's override. */
    public synchronized void set(String group, RetryPolicy policy) {
        if (policy == null) {
            byGroup.remove(group);
        } else {
            byGroup.put(group, policy);
        }
        file.write(new TreeMap<>(byGroup));
    }

    public RetryPolicy defaults() {
        return defaults;
    }
}
