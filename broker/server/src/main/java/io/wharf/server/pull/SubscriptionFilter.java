package io.wharf.server.pull;

import io.wharf.protocol.Status;
import io.wharf.server.common.BrokerException;
import io.wharf.store.MessageProperties;
import io.wharf.store.format.ConsumeQueueEntryLayout;
import io.wharf.store.format.DecodedRecord;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A tag subscription: {@code *} (or empty) for every message, or tags joined by {@code ||}. The consume queue
 * is filtered by tag hash first; the tag itself is compared once the message is read, so hash collisions never
 * leak through.
 */
public record SubscriptionFilter(Set<String> tags, Set<Long> hashes) implements MessageFilter {
    public static final SubscriptionFilter ALL = new SubscriptionFilter(Set.of(), Set.of());
    public static final int MAX_EXPRESSION_LENGTH = 4096;

    public static SubscriptionFilter parse(String expression) {
        if (expression == null) {
            return ALL;
        }
        String e = expression.trim();
        if (e.isEmpty() || "*".equals(e)) {
            return ALL;
        }
        if (e.length() > MAX_EXPRESSION_LENGTH) {
            throw new BrokerException(Status.BAD_REQUEST, "tag expression longer than " + MAX_EXPRESSION_LENGTH);
        }
        Set<String> tags = new LinkedHashSet<>();
        Set<Long> hashes = new LinkedHashSet<>();
        for (String part : e.split("\\|\\|")) {
            String tag = part.trim();
            if (tag.isEmpty()) {
                throw new BrokerException(Status.BAD_REQUEST, "empty tag in expression '" + expression + "'");
            }
            tags.add(tag);
            hashes.add(ConsumeQueueEntryLayout.tagHash(tag));
        }
        return new SubscriptionFilter(Set.copyOf(tags), Set.copyOf(hashes));
    }

    public boolean matchesAll() {
        return tags.isEmpty();
    }

    @Override
    public boolean test(long tagHash) {
        return matchesAll() || hashes.contains(tagHash);
    }

    public boolean matchesTag(String tag) {
        return matchesAll() || tag != null && tags.contains(tag);
    }

    @Override
    public boolean matches(DecodedRecord record) {
        return matchesTag(record.property(MessageProperties.TAGS));
    }
}
