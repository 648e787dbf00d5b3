package io.wharf.server.pull;

import io.wharf.protocol.Status;
import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.protocol.body.ExpressionType;
import io.wharf.server.common.BrokerException;
import io.wharf.server.filter.FilterSyntaxException;
import io.wharf.server.filter.SqlFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed subscriptions by expression, so a pull does not parse its subscription again: least recently used
 * first out, at most {@link #MAX_ENTRIES}. An expression that does not parse is refused with BAD_REQUEST naming
 * the position of the error, and is not cached.
 */
final class FilterCache {
    static final int MAX_ENTRIES = 1024;

    private record Key(ExpressionType type, String expression) {
    }

    private final Map<Key, MessageFilter> filters = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, MessageFilter> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The filter of an expression; a null type is read as TAG. */
    MessageFilter get(ExpressionType type, String expression) {
        Key key = new Key(type == null ? ExpressionType.TAG : type, expression == null ? "" : expression);
        synchronized (filters) {
            MessageFilter cached = filters.get(key);
            if (cached != null) {
                return cached;
            }
        }
        MessageFilter parsed = parse(key);
        synchronized (filters) {
            filters.put(key, parsed);
        }
        return parsed;
    }

    /** Parses every subscription of the groups, refusing the first that does not parse. */
    void validate(List<ConsumerGroupInfo> groups) {
        for (ConsumerGroupInfo g : groups) {
            for (ConsumerGroupInfo.Subscription s : g.subscriptions()) {
                try {
                    get(s.type(), s.expression());
                } catch (BrokerException e) {
                    throw new BrokerException(Status.BAD_REQUEST, "group " + g.group() + ", topic " + s.topic()
                        + ": " + e.getMessage());
                }
            }
        }
    }

    int size() {
        synchronized (filters) {
            return filters.size();
        }
    }

    private static MessageFilter parse(Key key) {
        if (key.type() == ExpressionType.TAG) {
            return SubscriptionFilter.parse(key.expression());
        }
        try {
            return new SqlMessageFilter(SqlFilter.parse(key.expression()));
        } catch (FilterSyntaxException e) {
            throw new BrokerException(Status.BAD_REQUEST, "bad SQL92 expression '" + abbreviate(key.expression())
                + "': " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
