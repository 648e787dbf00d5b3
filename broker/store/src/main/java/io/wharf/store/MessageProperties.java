package io.wharf.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The property names the store itself reads: it indexes keys and the unique key, and hashes the tag. */
public final class MessageProperties {
    /** Business keys, separated by {@link #KEY_SEPARATOR}; indexed for query by key. */
    public static final String KEYS = "KEYS";
    /** The message's tag; its hash goes into the consume queue for broker-side filtering. */
    public static final String TAGS = "TAGS";
    /** The client-generated unique message id; indexed like a key. */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    public static final String KEY_SEPARATOR = " ";

    private MessageProperties() {
    }

    /** Every indexed key of a message: its business keys and its unique id. */
    public static List<String> indexedKeys(Map<String, String> properties) {
        List<String> keys = new ArrayList<>(2);
        String k = properties.get(KEYS);
        if (k != null) {
            for (String part : k.split(KEY_SEPARATOR)) {
                if (!part.isEmpty()) {
                    keys.add(part);
                }
            }
        }
        String uniq = properties.get(UNIQ_KEY);
        if (uniq != null && !uniq.isEmpty()) {
            keys.add(uniq);
        }
        return keys;
    }
}
