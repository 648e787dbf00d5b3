package io.wharf.client.testkit;

import java.util.Arrays;
import io.wharf.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The test's handle on a {@link ConsumerMain} child JVM: its GOT lines, and ways to stop or kill it. */
public final class ChildConsumer implements AutoCloseable {
    /** One message the child consumed. */
    public record Got(String msgId, int queueId, long offset) {
    }

    private final String clientId;
    private final Process process;
    private final List<Got> got = new CopyOnWriteArrayList<>();
    private final List<String> otherOutput = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile List<Integer> assigned = List.of();

    private ChildConsumer(String clientId, Process process) {
        this.clientId = clientId;
        this.process = process;
        Thread drain = new Thread(this::drain, "child-" + clientId);
        drain.setDaemon(true);
        drain.start();
    }

    public static ChildConsumer start(String bootstrap, String group, String topic, String clientId, long delayMs)
        throws IOException {
        List<String> cmd = ChildJvm.command(ConsumerMain.class.getName(), List.of(),
            List.of(bootstrap, group, topic, clientId, Long.toString(delayMs)));
        return new ChildConsumer(clientId, new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    private void drain() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("GOT ")) {
                    String[] p = line.split(" ");
                    got.add(new Got(p[1], Integer.parseInt(p[2]), Long.parseLong(p[3])));
                } else if (line.startsWith("ASSIGNED")) {
                    String rest = line.substring("ASSIGNED".length()).trim();
                    assigned = rest.isEmpty() ? List.of()
                        : Arrays.stream(rest.split(",")).map(Integer::valueOf).toList();
                } else {
                    if (line.startsWith("STARTED ")) {
                        started.countDown();
                    }
                    otherOutput.add(line);
                }
            }
        } catch (IOException e) {
            otherOutput.add("(output ended: " + e + ")");
        }
    }

    public String clientId() {
        return clientId;
    }

    public boolean awaitStarted(long timeoutMs) throws InterruptedException {
        return started.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The queue ids of the topic the child consumes now, as it last reported them. */
    public List<Integer> assigned() {
        return assigned;
    }

    public List<Got> got() {
        return got;
    }

    public List<String> otherOutput() {
        return otherOutput;
    }

    /** SIGKILL: no shutdown hook, no last commit. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks for a clean shutdown and waits for the process to exit. */
    public boolean stop(long timeoutMs) throws IOException, InterruptedException {
        OutputStream in = process.getOutputStream();
        in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        kill();
    }
}
