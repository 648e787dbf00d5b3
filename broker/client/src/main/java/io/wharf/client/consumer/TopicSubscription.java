package io.wharf.client.consumer;

/** A topic a consumer subscribed to and its tag filter. */
record TopicSubscription(String topic, TagExpression tags) {
}
