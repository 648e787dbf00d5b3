package io.wharf.client.consumer;

import io.wharf.protocol.body.ExpressionType;
import java.util.Objects;

/**
 * What a subscription lets through: {@link #byTag(String) tags} ({@code "*"} or {@code "TagA || TagB"}) or a
 * {@link #bySql(String) SQL92 condition} over the message properties, such as {@code "a > 5 AND region = 'EU'"}.
 * Both are evaluated by the broker; a SQL92 condition that does not parse makes {@link PushConsumer#start()} fail
 * with the broker's message, which names the position of the error.
 */
public final class MessageSelector {
    private final ExpressionType type;
    private final String expression;

    private MessageSelector(ExpressionType type, String expression) {
        this.type = type;
        this.expression = expression;
    }

    /** Tags joined by {@code ||}; {@code "*"}, blank or null for every message. */
    public static MessageSelector byTag(String tagExpression) {
        return new MessageSelector(ExpressionType.TAG, TagExpression.parse(tagExpression).expression());
    }

    /**
     * A SQL92 condition over message properties: {@code = <> > >= < <=}, {@code BETWEEN}, {@code IN},
     * {@code IS [NOT] NULL}, {@code AND OR NOT}, numeric and quoted string literals, {@code TRUE FALSE}. A message
     * matches only when the condition is true (a comparison with a missing property is not).
     */
    public static MessageSelector bySql(String condition) {
        Objects.requireNonNull(condition, "condition");
        if (condition.isBlank()) {
            throw new IllegalArgumentException("SQL92 condition must not be blank");
        }
        return new MessageSelector(ExpressionType.SQL92, condition);
    }

    public ExpressionType type() {
        return type;
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return type + "(" + expression + ")";
    }
}
