package io.wharf.store;

import io.wharf.store.format.RecordContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared helpers for store tests: small-file configs and message builders. */
public final class TestStores {
    private TestStores() {
    }

    public static StoreConfig.Builder small(Path dir) {
        return StoreConfig.builder(dir).smallFilesForTests();
    }

    public static MessageStore open(Path dir) {
        return MessageStore.open(small(dir).build(), Clock.systemUTC());
    }

    public static MessageStore open(StoreConfig config) {
        return MessageStore.open(config, (InstantSource) Clock.systemUTC());
    }

    public static RecordContent message(String topic, int queueId, String tag, String keys, String body) {
        Map<String, String> props = new LinkedHashMap<>();
        if (tag != null) {
            props.put(MessageProperties.TAGS, tag);
        }
        if (keys != null) {
            props.put(MessageProperties.KEYS, keys);
        }
        return new RecordContent(topic, queueId, 0, 1_700_000_000_000L, "127.0.0.1:5000", 0, 0L, props,
            body.getBytes(StandardCharsets.UTF_8));
    }

    public static String body(io.wharf.store.format.DecodedRecord r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
