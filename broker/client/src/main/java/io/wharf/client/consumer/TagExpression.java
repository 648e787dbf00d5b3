package io.wharf.client.consumer;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A subscription's tag filter: {@code "*"} (or blank) for every message, or tags joined by {@code "||"}, such as
 * {@code "TagA || TagB"}. The broker filters by tag hash, so a message whose tag merely collides with a
 * subscribed one can still arrive; the consumer checks the tag string again with {@link #matches(String)}.
 */
public final class TagExpression {
    /** Matches every message. */
    public static final TagExpression ALL = new TagExpression("*", Set.of());

    private final String expression;
    private final Set<String> tags;

    private TagExpression(String expression, Set<String> tags) {
        this.expression = expression;
        this.tags = tags;
    }

    public static TagExpression parse(String expression) {
        if (expression == null || expression.isBlank() || expression.trim().equals("*")) {
            return ALL;
        }
        Set<String> tags = new LinkedHashSet<>();
        Arrays.stream(expression.split("\\|\\|")).map(String::trim).filter(t -> !t.isEmpty()).forEach(tags::add);
        if (tags.isEmpty() || tags.contains("*")) {
            return ALL;
        }
        return new TagExpression(String.join(" || ", tags), Set.copyOf(tags));
    }

    /** Whether a message with this tag (null: no tag) is subscribed. */
    public boolean matches(String tag) {
        return tags.isEmpty() || (tag != null && tags.contains(tag));
    }

    public boolean isAll() {
        return tags.isEmpty();
    }

    /** The subscribed tags; empty for {@link #ALL}. */
    public Set<String> tags() {
        return tags;
    }

    /** The normalised expression, as sent to the broker. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }
}
