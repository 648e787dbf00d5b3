package io.wharf.server.topic;

/**
 * A topic and its number of queues.
 *
 * @param name       1 to 127 characters of {@code [A-Za-z0-9_%|-]}
 * @param queueCount 1 to 1024
 */
public record TopicConfig(String name, int queueCount) {
    public static final int MAX_QUEUES = 1024;

    public TopicConfig {
        validateName(name);
        if (queueCount < 1 || queueCount > MAX_QUEUES) {
            throw new IllegalArgumentException("queue count must be 1.." + MAX_QUEUES + ", got " + queueCount);
        }
    }

    /** Checks a topic name; the message says what is wrong. */
    public static void validateName(String name) {
        if (name == null || name.isEmpty() || name.length() > 127) {
            throw new IllegalArgumentException("topic name must be 1..127 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '%' || c == '|');
            if (!ok) {
                throw new IllegalArgumentException("topic name '" + name + "' has an illegal character at " + i
                    + "; allowed: letters, digits, _ - % |");
            }
        }
    }
}
