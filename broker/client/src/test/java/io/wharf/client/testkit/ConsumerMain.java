package io.wharf.client.testkit;

import java.util.stream.Collectors;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.ReceivedMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A consumer in its own JVM, for tests that kill consumers with SIGKILL: consumes a topic concurrently, sleeping
 * {@code delayMs} per message, and prints {@code GOT <msgId> <queueId> <offset>} inside the listener before it
 * returns success (so every acknowledged message was printed). Prints {@code STARTED <clientId>} when running;
 * a line {@code stop} on stdin shuts it down cleanly ({@code STOPPED}).
 *
 * <p>Arguments: bootstrap group topic clientId delayMs
 */
public final class ConsumerMain {
    private ConsumerMain() {
    }

    /** Prints {@code ASSIGNED <queue ids>} each time the topic's queues this member consumes change. */
    private static void reportAssignment(PushConsumer consumer, String topic, PrintStream out) {
        String last = null;
        while (true) {
            String now = consumer.assignedQueues().stream().filter(q -> q.topic().equals(topic))
                .map(q -> Integer.toString(q.queueId())).sorted().collect(Collectors.joining(","));
            if (!now.equals(last)) {
                synchronized (out) {
                    out.println("ASSIGNED " + now);
                    out.flush();
                }
                last = now;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String group = args[1];
        String topic = args[2];
        String clientId = args[3];
        long delayMs = Long.parseLong(args[4]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PushConsumer consumer = new PushConsumer(ConsumerConfig.builder(group, bootstrap).clientId(clientId)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            for (ReceivedMessage m : msgs) {
                synchronized (out) {
                    out.println("GOT " + m.msgId() + " " + m.queueId() + " " + m.queueOffset());
                    out.flush();
                }
            }
            if (delayMs > 0) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        synchronized (out) {
            out.println("STARTED " + clientId);
            out.flush();
        }
        Thread reporter = new Thread(() -> reportAssignment(consumer, topic, out), "assignment-reporter");
        reporter.setDaemon(true);
        reporter.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.trim().equals("stop")) {
                break;
            }
        }
        consumer.shutdown();
        synchronized (out) {
            out.println("STOPPED " + clientId);
            out.flush();
        }
        System.exit(0);
    }
}
