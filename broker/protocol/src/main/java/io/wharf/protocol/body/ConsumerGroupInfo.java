package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import java.util.List;

/**
 * One consumer group a client belongs to: how it consumes and what it subscribes to.
 *
 * @param group         the group name
 * @param broadcasting  true: every member gets every message; false: clustering, each queue to one member
 * @param orderly       true when the group consumes orderly (queue locks)
 * @param subscriptions what the group subscribes to, per topic
 */
public record ConsumerGroupInfo(String group, boolean broadcasting, boolean orderly,
                                List<Subscription> subscriptions) {

    public void encode(WireWriter w) {
        w.string(group).bool(broadcasting).bool(orderly).list(subscriptions, (x, s) -> x.string(s.topic())
            .string(s.expression()).u8(s.type().ordinal()));
    }

    public static ConsumerGroupInfo decode(WireReader r) {
        return new ConsumerGroupInfo(r.string(), r.bool(), r.bool(),
            r.list(4, x -> new Subscription(x.string(), x.string(), ExpressionType.of(x.u8()))));
    }

    /** A topic and its filter: a tag expression or a SQL92 condition, as {@code type} says. */
    public record Subscription(String topic, String expression, ExpressionType type) {
        /** A tag subscription. */
        public Subscription(String topic, String tagExpression) {
            this(topic, tagExpression, ExpressionType.TAG);
        }
    }
}
