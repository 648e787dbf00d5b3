package io.wharf.client.consumer;

/**
 * A topic a consumer subscribed to and its filter. {@code tags} is the tag check made again on pulled messages:
 * the subscribed tags, or {@link TagExpression#ALL} for a SQL92 subscription (filtered by the broker only).
 */
record TopicSubscription(String topic, MessageSelector selector, TagExpression tags) {

    static TopicSubscription of(String topic, MessageSelector selector) {
        TagExpression tags = switch (selector.type()) {
            case TAG -> TagExpression.parse(selector.expression());
            case SQL92 -> TagExpression.ALL;
        };
        return new TopicSubscription(topic, selector, tags);
    }
}
