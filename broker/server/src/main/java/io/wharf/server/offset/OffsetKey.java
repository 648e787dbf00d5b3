package io.wharf.server.offset;

/** A consumer group's position in one queue is stored under this key. */
public record OffsetKey(String group, String topic, int queueId) {

    /** The key as text in the offsets file: {@code group@topic@queueId}. */
    public String asText() {
        return group + "@" + topic + "@" + queueId;
    }

    public static OffsetKey parse(String text) {
        // Topic names cannot hold '@' (TopicConfig.validateName); group names may, so split from the right.
        int b = text.lastIndexOf('@');
        int a = b <= 0 ? -1 : text.lastIndexOf('@', b - 1);
        if (a <= 0 || b <= a) {
            throw new IllegalArgumentException("malformed offset key '" + text + "'");
        }
        return new OffsetKey(text.substring(0, a), text.substring(a + 1, b), Integer.parseInt(text.substring(b + 1)));
    }
}
