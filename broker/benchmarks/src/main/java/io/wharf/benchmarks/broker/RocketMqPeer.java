package io.wharf.benchmarks.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Apache RocketMQ as the peer: {@code RocketMqBrokerMain} from the {@code broker/benchmarks-rocketmq} module
 * (name server and broker in one child JVM; for the replicated groups one child JVM per node, see
 * {@link RocketMqMasterSlavePeer} and {@link RocketMqDledgerPeer}), driven through {@code RocketMqClientDriver},
 * which this class loads in a class loader of its own over that module's jar and {@code lib/} (RocketMQ's client
 * needs Netty 4.1, this JVM has Wharf's 4.2) and calls only through JDK types.
 */
final class RocketMqPeer implements BrokerPeer {
    /** The peer module's jar, in its target directory. */
    static final String PEER_JAR = "wharf-broker-benchmarks-rocketmq.jar";
    private static final String MAIN = "io.wharf.benchmarks.rocketmq.RocketMqBrokerMain";
    private static final String DRIVER = "io.wharf.benchmarks.rocketmq.RocketMqClientDriver";
    private static final Pattern READY_LINE = Pattern.compile("^ready$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static ClassLoader isolated;

    private final List<ChildProcess> children;
    private final Object driver;
    private final int bodyBytes;
    private final int pullBatchSize;

    private RocketMqPeer(List<ChildProcess> children, Object driver, int bodyBytes, int pullBatchSize) {
        this.children = List.copyOf(children);
        this.driver = driver;
        this.bodyBytes = bodyBytes;
        this.pullBatchSize = pullBatchSize;
    }

    static RocketMqPeer start(BrokerLoadOptions o, Flush flush, Path dir) throws IOException, InterruptedException {
        Set<Integer> taken = new HashSet<>();
        int namesrvPort = LoopbackPorts.free(taken);
        int brokerPort = LoopbackPorts.free(taken);
        ChildProcess child = startNode(o, "rocketmq-" + flush.name().toLowerCase(Locale.ROOT), dir, flush,
            List.of("--namesrv-port", Integer.toString(namesrvPort), "--broker-port", Integer.toString(brokerPort)));
        return connect(o, List.of(child), "127.0.0.1:" + namesrvPort, dir);
    }

    /**
     * Starts the nodes of a replicated group, each in a child JVM of its own and a directory of its own under
     * {@code dir}, in order, then {@linkplain #connect connects}. On failure the started nodes are stopped.
     *
     * @param nodes   each node's name (its directory, and its label with the flush mode) and arguments; the one
     *                running the name server first
     * @param namesrv the name server's {@code host:port}
     */
    static RocketMqPeer startGroup(BrokerLoadOptions o, Flush flush, Path dir, Map<String, List<String>> nodes,
                                   String namesrv) throws IOException, InterruptedException {
        List<ChildProcess> children = new ArrayList<>();
        try {
            for (Map.Entry<String, List<String>> node : nodes.entrySet()) {
                children.add(startNode(o, "rocketmq-" + node.getKey() + "-" + flush.name().toLowerCase(Locale.ROOT),
                    dir.resolve(node.getKey()), flush, node.getValue()));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(children);
            throw e;
        }
        return connect(o, children, namesrv, dir);
    }

    /**
     * Starts one RocketMQ node ({@code RocketMqBrokerMain}) in a child JVM with the shared JVM options, the
     * benchmark's topics and {@code --set} settings, its files and logs under {@code dir}.
     *
     * @param label names the child, its log ({@code dir/<label>.log}) and its flight recording
     * @param args  the node's own arguments: ports, role, name server, DLedger peers
     */
    static ChildProcess startNode(BrokerLoadOptions o, String label, Path dir, Flush flush, List<String> args)
        throws IOException {
        if (o.rocketMqHome() == null || !Files.exists(o.rocketMqHome().resolve(PEER_JAR))) {
            throw new IllegalStateException("the RocketMQ peer is not built: build with -Procketmq (looked for "
                + PEER_JAR + " in " + o.rocketMqHome() + ")");
        }
        List<String> cmd = new ArrayList<>(JavaCommand.base(o, label));
        // RocketMQ writes its logs and some state under user.home: keep them in the node's directory.
        cmd.add("-Duser.home=" + dir.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(o.rocketMqHome().resolve(PEER_JAR) + java.io.File.pathSeparator + o.rocketMqHome().resolve("lib/*"));
        cmd.addAll(List.of(MAIN, "--dir", dir.resolve("rocketmq").toAbsolutePath().toString(), "--flush",
            flush.rocketMqName(), "--topics", SEND_TOPIC + ":" + o.queues() + "," + DRAIN_TOPIC + ":" + o.queues()));
        cmd.addAll(args);
        o.rocketMqSettings().forEach((k, v) -> cmd.addAll(List.of("--set", k + "=" + v)));
        return ChildProcess.start(label, cmd, dir.resolve(label + ".log"));
    }

    /**
     * Waits for every node to announce itself (the one with the name server last announces that every topic has
     * a route to a master) and loads the client driver. On failure every child is stopped.
     *
     * @param children the group's nodes; the one running the name server first
     * @param namesrv  the name server's {@code host:port}
     * @param dir      the step's directory (the client's logs go beside it)
     */
    static RocketMqPeer connect(BrokerLoadOptions o, List<ChildProcess> children, String namesrv, Path dir)
        throws InterruptedException {
        try {
            for (ChildProcess child : children.reversed()) {
                child.await(READY_LINE, START_TIMEOUT);
            }
            Object driver = driverClass(o, dir.getParent()).getConstructor(String.class).newInstance(namesrv);
            return new RocketMqPeer(children, driver, o.bodyBytes(), o.pullBatchSize());
        } catch (ReflectiveOperationException e) {
            closeAll(children);
            throw new IllegalStateException("cannot load the RocketMQ client driver", e);
        } catch (InterruptedException | RuntimeException e) {
            closeAll(children);
            throw e;
        }
    }

    /** Stops {@code children}, the last started first. */
    static void closeAll(List<ChildProcess> children) throws InterruptedException {
        for (ChildProcess child : children.reversed()) {
            child.close();
        }
    }

    /** The driver class, from a class loader that sees the peer module and the JDK only. */
    private static synchronized Class<?> driverClass(BrokerLoadOptions o, Path logRoot)
        throws ClassNotFoundException {
        if (isolated == null) {
            // RocketMQ's client logs under user.home unless told otherwise; keep them with the run's temp files.
            System.setProperty("rocketmq.client.logRoot", logRoot.resolve("rocketmq-client-logs").toString());
            List<URL> urls = new ArrayList<>();
            try (Stream<Path> libs = Files.list(o.rocketMqHome().resolve("lib"))) {
                urls.add(o.rocketMqHome().resolve(PEER_JAR).toUri().toURL());
                for (Path jar : libs.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            isolated = new URLClassLoader("rocketmq-peer", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        }
        return Class.forName(DRIVER, true, isolated);
    }

    @Override
    @SuppressWarnings("unchecked")
    public MessageSender sender(String topic) throws ReflectiveOperationException {
        Consumer<byte[]> send = (Consumer<byte[]>) invoke("sender", new Class<?>[] {String.class, String.class},
            "bench-producer-" + System.nanoTime(), topic);
        return new MessageSender() {
            @Override
            public void send(byte[] body) {
                send.accept(body);
            }

            @Override
            public void close() {
                try {
                    ((AutoCloseable) send).close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the RocketMQ producer failed", e);
                }
            }
        };
    }

    @Override
    public DrainResult drain(long expected, Duration timeout, LongConsumer progress) throws Exception {
        DrainCounter counter = new DrainCounter(expected, bodyBytes);
        IntConsumer delivered = counter::delivered;
        try (AutoCloseable consumer = (AutoCloseable) invoke("consumer",
            new Class<?>[] {String.class, String.class, int.class, IntConsumer.class},
            "bench-drain-" + System.nanoTime(), DRAIN_TOPIC, pullBatchSize, delivered)) {
            return counter.await(timeout, progress);
        }
    }

    private Object invoke(String method, Class<?>[] types, Object... args) throws ReflectiveOperationException {
        try {
            return driver.getClass().getMethod(method, types).invoke(driver, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public long pid() {
        return children.getFirst().pid();
    }

    @Override
    public void close() throws InterruptedException {
        closeAll(children);
    }
}
