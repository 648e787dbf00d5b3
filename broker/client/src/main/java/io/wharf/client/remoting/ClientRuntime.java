package io.wharf.client.remoting;

import io.wharf.client.BrokerAddresses;
import io.wharf.client.ClientTls;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.PropertyNames;
import io.wharf.protocol.auth.Credentials;
import io.wharf.protocol.body.CheckTransactionRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the producers and consumers of one client share (internal; applications use
 * {@code io.wharf.client.facade.WharfClient}): one Netty event loop and its connections, one leader-following
 * {@link BrokerProxy} per bootstrap list, a timer for non-blocking periodic duties, threads for send callbacks,
 * and optionally an executor for listener calls supplied by the application (virtual threads, a framework's
 * blocking pool).
 *
 * <p>Requests a broker sends to the client arrive on the shared connections; a transaction check-back is routed
 * to the handler registered for the half message's producer group.
 */
public final class ClientRuntime implements AutoCloseable {
    private static final int CALLBACK_THREADS = 2;

    private final String name;
    private final RemotingClient remoting;
    private final Map<String, BrokerProxy> proxies = new ConcurrentHashMap<>();
    private final Map<String, ServerRequestHandler> checkHandlers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService callbacks;
    private final Executor listenerExecutor;

    /**
     * A runtime with {@code ioThreads} I/O threads named {@code <name>-io-<n>}.
     *
     * @param listenerExecutor where listener calls run, or null for a pool of each consumer's own
     */
    public ClientRuntime(String name, int ioThreads, Executor listenerExecutor) {
        this(name, ioThreads, listenerExecutor, null);
    }

    /** As above, authenticating every connection with {@code credentials} (null: the broker is open). */
    public ClientRuntime(String name, int ioThreads, Executor listenerExecutor, Credentials credentials) {
        this(name, ioThreads, listenerExecutor, credentials, null);
    }

    /** As above, with TLS to the brokers (null: plaintext). */
    public ClientRuntime(String name, int ioThreads, Executor listenerExecutor, Credentials credentials,
                         ClientTls tls) {
        this.name = Objects.requireNonNull(name, "name");
        this.remoting = new RemotingClient(name, ioThreads, this::serve, credentials, tls);
        this.timer = Executors.newSingleThreadScheduledExecutor(ClientThreads.daemon(name + "-timer"));
        this.callbacks = Executors.newFixedThreadPool(CALLBACK_THREADS, ClientThreads.daemon(name + "-callback"));
        this.listenerExecutor = listenerExecutor;
    }

    public String name() {
        return name;
    }

    public RemotingClient remoting() {
        return remoting;
    }

    /** The leader-following proxy for this bootstrap list, shared by every producer and consumer using it. */
    public BrokerProxy broker(BrokerAddresses bootstrap) {
        return proxies.computeIfAbsent(String.join(",", bootstrap.all()), k -> new BrokerProxy(remoting, bootstrap));
    }

    /** The proxies created so far, by bootstrap list. */
    public Map<String, BrokerProxy> brokers() {
        return Map.copyOf(proxies);
    }

    /** The shared timer: for short, non-blocking duties only (heartbeats, route refreshes). */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** Threads on which asynchronous send outcomes are reported. */
    public ExecutorService callbacks() {
        return callbacks;
    }

    /** The application's executor for listener calls, or null when each consumer runs a pool of its own. */
    public Executor listenerExecutor() {
        return listenerExecutor;
    }

    /**
     * Routes the broker's transaction check-backs for {@code producerGroup} to {@code handler}.
     *
     * @throws IllegalStateException when another transaction producer of that group is registered here
     */
    public void registerCheckHandler(String producerGroup, ServerRequestHandler handler) {
        if (checkHandlers.putIfAbsent(producerGroup, handler) != null) {
            throw new IllegalStateException("a transaction producer of group " + producerGroup
                + " already runs on client " + name);
        }
    }

    public void unregisterCheckHandler(String producerGroup) {
        checkHandlers.remove(producerGroup);
    }

    private CompletionStage<Frame> serve(Frame request) {
        if (request.opcode() != Opcode.CHECK_TRANSACTION) {
            return CompletableFuture.completedFuture(ServerRequestHandler.unsupported(request));
        }
        String group = CheckTransactionRequest.decode(request.reader()).message().properties()
            .get(PropertyNames.PGROUP);
        ServerRequestHandler handler = group == null ? null : checkHandlers.get(group);
        return handler == null ? CompletableFuture.completedFuture(ServerRequestHandler.unsupported(request))
            : handler.handle(request);
    }

    /** Closes the connections and stops the shared threads. Producers and consumers must be shut down first. */
    @Override
    public void close() {
        timer.shutdownNow();
        remoting.close();
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The addresses with an open connection now. */
    public List<String> connectedAddresses() {
        return proxies.values().stream().flatMap(p -> p.addresses().all().stream()).distinct()
            .filter(remoting::isConnected).toList();
    }
}
