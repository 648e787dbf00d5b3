package io.wharf.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls on a broker's admin API that tests need before a service starts (topics), retried until it answers. */
public final class AdminCalls {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AdminCalls() {
    }

    /** Creates {@code name} with {@code queues} queues (an existing topic is fine), retrying for 10 s. */
    public static void createTopic(String adminUrl, String name, int queues) {
        HttpRequest create = HttpRequest.newBuilder(URI.create(adminUrl + "/admin/topics"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"queues\":" + queues + "}"))
            .build();
        String[] last = {""};
        Await.until(Duration.ofSeconds(10), () -> {
            HttpResponse<String> r = send(create, last);
            return r != null && (r.statusCode() / 100 == 2 || r.statusCode() == 409);
        }, () -> "creating topic " + name + ": " + last[0]);
    }

    /** GETs {@code url}, returning status and body, or throws when nothing answers. */
    public static HttpResponse<String> get(String url) {
        String[] last = {""};
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET().build(), last);
        if (r == null) {
            throw new IllegalStateException("GET " + url + ": " + last[0]);
        }
        return r;
    }

    private static HttpResponse<String> send(HttpRequest request, String[] last) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            last[0] = r.statusCode() + " " + r.body();
            return r;
        } catch (IOException e) {
            last[0] = e.toString();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + request.uri(), e);
        }
    }
}
