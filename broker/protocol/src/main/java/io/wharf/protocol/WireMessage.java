package io.wharf.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * A message as a producer sends it.
 *
 * @param topic           the topic
 * @param flags           message flags (see {@link MessageFlags})
 * @param bornTimestampMs when the producer created it
 * @param properties      tags, keys, unique id and user properties (see {@link PropertyNames})
 * @param body            the payload
 */
public record WireMessage(String topic, int flags, long bornTimestampMs, Map<String, String> properties,
                          byte[] body) {
    public WireMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(body, "body");
    }

    public void encode(WireWriter w) {
        w.string(topic).i32(flags).i64(bornTimestampMs).map(properties).bytes(body);
    }

    public static WireMessage decode(WireReader r) {
        return new WireMessage(r.string(), r.i32(), r.i64(), r.map(), r.bytes());
    }
}
