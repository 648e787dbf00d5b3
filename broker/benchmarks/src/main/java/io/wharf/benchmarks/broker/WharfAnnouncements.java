package io.wharf.benchmarks.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What the benchmarks read from a Wharf broker child: the start-up lines that announce its addresses, and its
 * admin API for creating topics. Shared by the broker load tool and the delay benchmark.
 */
public final class WharfAnnouncements {
    /** The start-up line with the protocol address; group 1 is {@code host:port}. */
    public static final Pattern BROKER_LINE = Pattern.compile("^\\s*broker:\\s+(\\S+:\\d+)\\s*$");
    /** The start-up line with the admin URL; group 1 is {@code http://host:port}. */
    public static final Pattern ADMIN_LINE = Pattern.compile("^\\s*admin/health:\\s+(http://\\S+)/health\\s*$");

    private WharfAnnouncements() {
    }

    /** Creates {@code name} with {@code queues} queues through {@code POST /admin/topics} of {@code admin}. */
    public static void createTopic(String admin, String name, int queues) throws IOException, InterruptedException {
        createTopic(admin, name, queues, null);
    }

    /** As above, with the admin API's bearer {@code token} (null: none). */
    public static void createTopic(String admin, String name, int queues, String token)
        throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(admin + "/admin/topics"));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpRequest post = b.timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"queues\":" + queues + "}"))
                .build();
            HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("creating topic " + name + " failed: " + r.statusCode() + " "
                    + r.body());
            }
        }
    }
}
