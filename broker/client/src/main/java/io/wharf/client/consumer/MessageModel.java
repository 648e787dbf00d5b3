package io.wharf.client.consumer;

/** How a consumer group shares a topic's messages among its members. */
public enum MessageModel {
    /** Each queue is consumed by one member; the group consumes every message once. Offsets live on the broker. */
    CLUSTERING,
    /** Every member consumes every queue; offsets live in a local file per member. */
    BROADCASTING
}
