package io.wharf.client.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.protocol.PropertyNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TraceDispatcherTest {

    private static TraceRecord pub(int i) {
        return new TraceRecord(TraceType.PUB, 1_000 + i, "id-" + i, "order-" + i, Map.of("topic", "orders"));
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheCaller() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        List<Message> sent = new CopyOnWriteArrayList<>();
        TraceDispatcher dispatcher = new TraceDispatcher("RMQ_SYS_TRACE_TOPIC", 10, m -> {
            sent.add(m);
            try {
                stuck.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> { });
        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (dispatcher.submit(pub(i))) {
                accepted++;
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMs).as("submitting never waits for the stuck broker").isLessThan(1_000);
        assertThat(accepted).isLessThanOrEqualTo(10 + TraceDispatcher.MAX_BATCH_RECORDS);
        assertThat(dispatcher.droppedCount()).isEqualTo(10_000 - accepted);
        stuck.countDown();
        dispatcher.close();
        assertThat(dispatcher.sentCount()).isEqualTo(accepted);
        assertThat(dispatcher.submit(pub(0))).as("closed").isFalse();
    }

    @Test
    void batchesAreJsonLinesKeyedByTheTracedIdsAndKeys() throws Exception {
        List<Message> sent = new CopyOnWriteArrayList<>();
        TraceDispatcher dispatcher = new TraceDispatcher("traces", 1000, sent::add, () -> { });
        for (int i = 0; i < 250; i++) {
            dispatcher.submit(pub(i));
        }
        dispatcher.close();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sent).allSatisfy(m -> assertThat(m.topic()).isEqualTo("traces"));
        Message first = sent.getFirst();
        assertThat(first.keys()).hasSize(2 * TraceDispatcher.MAX_BATCH_RECORDS).contains("id-0", "order-0");
        String[] lines = new String(first.body(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(TraceDispatcher.MAX_BATCH_RECORDS);
        assertThat(lines[0]).isEqualTo("{\"type\":\"PUB\",\"timeMs\":1000,\"msgId\":\"id-0\",\"keys\":\"order-0\","
            + "\"topic\":\"orders\"}");
        assertThat(PropertyNames.KEYS).isEqualTo("KEYS");
    }

    @Test
    void jsonEscapesStringsAndSkipsNulls() {
        java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("error", "bad \"quote\"\n");
        f.put("missing", null);
        f.put("success", false);
        String line = new TraceRecord(TraceType.SUB_AFTER, 5, "m", null, f).toJsonLine();
        assertThat(line).isEqualTo("{\"type\":\"SUB_AFTER\",\"timeMs\":5,\"msgId\":\"m\","
            + "\"error\":\"bad \\\"quote\\\"\\n\",\"success\":false}");
    }
}
