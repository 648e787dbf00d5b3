package io.wharf.benchmarks.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.testkit.LatencyRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** N clients, each placing an order and paying it, again and again; latencies per call after the warm-up. */
final class HttpLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpLoad() {
    }

    /**
     * The outcome.
     *
     * @param pairs  orders created and paid while measuring
     * @param errors calls that failed (any non-2xx answer or exception)
     * @param seconds the measured time
     * @param create latencies of POST /orders
     * @param pay    latencies of POST /orders/{id}/payment
     */
    record Result(long pairs, long errors, double seconds, LatencyRecorder.Percentiles create,
                  LatencyRecorder.Percentiles pay) {
        double pairsPerSecond() {
            return pairs / seconds;
        }
    }

    static Result run(String baseUrl, int clients, Duration warmup, Duration duration) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        AtomicLong pairs = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<LatencyRecorder> creates = new ArrayList<>();
        List<LatencyRecorder> pays = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                LatencyRecorder create = new LatencyRecorder();
                LatencyRecorder pay = new LatencyRecorder();
                creates.add(create);
                pays.add(pay);
                int client = c;
                threads.submit(() -> loop(http, baseUrl, client, measureFrom, end, create, pay, pairs, errors));
            }
            threads.shutdown();
            if (!threads.awaitTermination(duration.plus(warmup).toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("clients did not stop");
            }
        }
        return new Result(pairs.get(), errors.get(), duration.toNanos() / 1e9, LatencyRecorder.summarize(creates),
            LatencyRecorder.summarize(pays));
    }

    private static Void loop(HttpClient http, String baseUrl, int client, long measureFrom, long end,
                             LatencyRecorder create, LatencyRecorder pay, AtomicLong pairs, AtomicLong errors) {
        long n = 0;
        while (System.nanoTime() < end) {
            n++;
            try {
                long t0 = System.nanoTime();
                JsonNode order = post(http, baseUrl + "/orders", "{\"userId\":\"u-" + client + "\",\"items\":"
                    + "[{\"sku\":\"sku-" + (n % 50) + "\",\"qty\":2,\"unitPrice\":19.90}]}");
                long t1 = System.nanoTime();
                String id = order.path("orderId").asText();
                post(http, baseUrl + "/orders/" + id + "/payment", "{\"paymentId\":\"" + UUID.randomUUID()
                    + "\",\"amount\":" + order.path("total").asText() + "}");
                long t2 = System.nanoTime();
                if (t0 >= measureFrom && t2 <= end) {
                    create.record(t1 - t0);
                    pay.record(t2 - t1);
                    pairs.incrementAndGet();
                }
            } catch (Exception e) {
                if (System.nanoTime() >= measureFrom) {
                    errors.incrementAndGet();
                }
            }
        }
        return null;
    }

    private static JsonNode post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
