package io.wharf.benchmarks.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Apache RocketMQ as the peer: {@code RocketMqBrokerMain} (name server and broker in one child JVM) from the
 * {@code broker/benchmarks-rocketmq} module, driven through {@code RocketMqClientDriver}, which this class loads
 * in a class loader of its own over that module's jar and {@code lib/} (RocketMQ's client needs Netty 4.1, this
 * JVM has Wharf's 4.2) and calls only through JDK types.
 */
final class RocketMqPeer implements BrokerPeer {
    /** The peer module's jar, in its target directory. */
    static final String PEER_JAR = "wharf-broker-benchmarks-rocketmq.jar";
    private static final String MAIN = "io.wharf.benchmarks.rocketmq.RocketMqBrokerMain";
    private static final String DRIVER = "io.wharf.benchmarks.rocketmq.RocketMqClientDriver";
    private static final Pattern NAMESRV_LINE = Pattern.compile("^\\s*namesrv:\\s+(\\S+:\\d+)\\s*$");
    private static final Pattern READY_LINE = Pattern.compile("^ready$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static ClassLoader isolated;

    private final ChildProcess child;
    private final Object driver;
    private final int bodyBytes;
    private final int pullBatchSize;

    private RocketMqPeer(ChildProcess child, Object driver, int bodyBytes, int pullBatchSize) {
        this.child = child;
        this.driver = driver;
        this.bodyBytes = bodyBytes;
        this.pullBatchSize = pullBatchSize;
    }

    static RocketMqPeer start(BrokerLoadOptions o, Flush flush, Path dir) throws IOException, InterruptedException {
        if (o.rocketMqHome() == null || !Files.exists(o.rocketMqHome().resolve(PEER_JAR))) {
            throw new IllegalStateException("the RocketMQ peer is not built: build with -Procketmq (looked for "
                + PEER_JAR + " in " + o.rocketMqHome() + ")");
        }
        int namesrvPort = freePort(0);
        int brokerPort = freePort(namesrvPort);
        List<String> cmd = new ArrayList<>(JavaCommand.base(o, "rocketmq-" + flush.name().toLowerCase()));
        // RocketMQ writes its logs and some state under user.home: keep them in the step's directory.
        cmd.add("-Duser.home=" + dir.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(o.rocketMqHome().resolve(PEER_JAR) + java.io.File.pathSeparator + o.rocketMqHome().resolve("lib/*"));
        cmd.addAll(List.of(MAIN, "--dir", dir.resolve("rocketmq").toAbsolutePath().toString(), "--flush",
            flush.rocketMqName(), "--namesrv-port", Integer.toString(namesrvPort), "--broker-port",
            Integer.toString(brokerPort), "--topics", SEND_TOPIC + ":" + o.queues() + "," + DRAIN_TOPIC + ":"
                + o.queues()));
        ChildProcess child = ChildProcess.start("rocketmq-broker", cmd, dir.resolve("broker.log"));
        try {
            String namesrv = child.await(NAMESRV_LINE, START_TIMEOUT);
            child.await(READY_LINE, START_TIMEOUT);
            Object driver = driverClass(o, dir.getParent()).getConstructor(String.class).newInstance(namesrv);
            return new RocketMqPeer(child, driver, o.bodyBytes(), o.pullBatchSize());
        } catch (ReflectiveOperationException e) {
            child.close();
            throw new IllegalStateException("cannot load the RocketMQ client driver", e);
        } catch (InterruptedException | RuntimeException e) {
            child.close();
            throw e;
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

    /** A free loopback port {@code p} with {@code p - 2} and {@code p + 1} free too (RocketMQ's extra ports). */
    private static int freePort(int avoid) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 100; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
                p = s.getLocalPort();
            }
            if (p > 1026 && Math.abs(p - avoid) > 3 && bindable(p - 2, loopback) && bindable(p + 1, loopback)) {
                return p;
            }
        }
        throw new IllegalStateException("found no free port range on loopback");
    }

    private static boolean bindable(int port, InetAddress address) {
        try (ServerSocket s = new ServerSocket(port, 1, address)) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
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
        return child.pid();
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }
}
