package io.wharf.store.queue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Names one queue: a topic and a queue id. Topic names become directory names, so every byte outside
 * {@code [A-Za-z0-9._-]} (such as the '%' in {@code %RETRY%group}) is written as {@code %XX}.
 */
public record QueueKey(String topic, int queueId) {

    static String encodeTopicDirName(String topic) {
        StringBuilder out = new StringBuilder(topic.length() + 8);
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                out.append(c);
            } else {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return out.toString();
    }

    static String decodeTopicDirName(String dirName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(dirName.length());
        for (int i = 0; i < dirName.length(); i++) {
            char c = dirName.charAt(i);
            if (c == '%' && i + 2 < dirName.length()) {
                bytes.write(Integer.parseInt(dirName.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
