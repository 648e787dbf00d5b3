package io.wharf.client.remoting;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.Timeout;
import io.wharf.client.ClientTls;
import io.wharf.client.WharfClientException;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameLayout;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.auth.Credentials;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.netty.AuthHandshake;
import io.wharf.protocol.netty.CoalescingWriter;
import io.wharf.protocol.netty.FrameDecoder;
import io.wharf.protocol.netty.FrameEncoder;
import io.wharf.protocol.netty.Transports;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The client's transport: one Netty connection per broker address, opened on first use and reopened on the next
 * request after it broke. Requests are pipelined and matched to responses by request id; each has a timeout. A
 * response with an error status completes the request's future with a {@link WharfClientException} carrying the
 * status and the broker's message. Requests the broker sends to the client go to a {@link ServerRequestHandler}.
 *
 * <p>Futures complete on I/O threads: never block in a callback attached to them.
 */
public final class RemotingClient implements AutoCloseable {
    /** How long opening a connection may take. */
    public static final int CONNECT_TIMEOUT_MS = 3000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final ServerRequestHandler serverRequests;
    private final ConcurrentHashMap<String, BrokerConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final List<Consumer<String>> disconnectListeners = new CopyOnWriteArrayList<>();
    private final Credentials credentials;
    private final ClientTls tls;
    private volatile boolean closed;

    /** A client with one I/O thread named {@code <name>-io-<n>} that answers broker requests as unsupported. */
    public RemotingClient(String name) {
        this(name, 1, ServerRequestHandler.UNSUPPORTED);
    }

    public RemotingClient(String name, int ioThreads, ServerRequestHandler serverRequests) {
        this(name, ioThreads, serverRequests, null);
    }

    /**
     * A client that authenticates every connection with {@code credentials} before its first request (null: the
     * broker is open). A connection the broker refuses fails its requests with AUTH_FAILED.
     */
    public RemotingClient(String name, int ioThreads, ServerRequestHandler serverRequests, Credentials credentials) {
        this(name, ioThreads, serverRequests, credentials, null);
    }

    /** As above, every connection speaking TLS with {@code tls} (null: plaintext). */
    public RemotingClient(String name, int ioThreads, ServerRequestHandler serverRequests, Credentials credentials,
                          ClientTls tls) {
        this.serverRequests = serverRequests;
        this.credentials = credentials;
        this.tls = tls;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, ClientThreads.daemon(name + "-io"),
            Transports.ioHandlerFactory());
        this.bootstrap = new Bootstrap().group(group).channel(Transports.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS);
    }

    /**
     * Sends a request and completes with the response frame (status OK or another success status), or with a
     * {@link WharfClientException}: error status, no response within {@code timeoutMs} (connecting included), or
     * a connection failure.
     */
    public CompletableFuture<Frame> request(String address, Opcode opcode, Body body, long timeoutMs) {
        long requestId = nextRequestId.getAndIncrement();
        Frame frame = Frame.request(opcode, requestId, body.toBuffer());
        CompletableFuture<Frame> response = new CompletableFuture<>();
        if (closed) {
            response.completeExceptionally(WharfClientException.connection("client closed", null));
            return response;
        }
        Timeout timer = RequestTimer.TIMER.newTimeout(t -> response.completeExceptionally(
                WharfClientException.timeout(opcode + " to " + address + " got no response within " + timeoutMs
                    + " ms")), timeoutMs, TimeUnit.MILLISECONDS);
        response.whenComplete((r, e) -> timer.cancel());
        BrokerConnection connection = connection(address);
        connection.ready().whenComplete((channel, connectError) -> {
            if (connectError != null) {
                response.completeExceptionally(connectError);
                return;
            }
            connection.await(requestId, response);
            // Many threads send at once: their frames leave together, one flush per burst.
            CoalescingWriter.of(channel).write(frame, cause -> response.completeExceptionally(
                WharfClientException.connection("cannot write " + opcode + " to " + address, cause)));
        });
        return response;
    }

    /** Sends a one-way frame; completes when it was written to the socket (not when the broker handled it). */
    public CompletableFuture<Void> oneWay(String address, Opcode opcode, Body body) {
        Frame frame = Frame.oneWay(opcode, nextRequestId.getAndIncrement(), body.toBuffer());
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (closed) {
            written.completeExceptionally(WharfClientException.connection("client closed", null));
            return written;
        }
        connection(address).ready().whenComplete((channel, connectError) -> {
            if (connectError != null) {
                written.completeExceptionally(connectError);
                return;
            }
            channel.writeAndFlush(frame).addListener(f -> {
                if (f.isSuccess()) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(WharfClientException.connection(
                        "cannot write " + opcode + " to " + address, f.cause()));
                }
            });
        });
        return written;
    }

    private BrokerConnection connection(String address) {
        return connections.compute(address, (a, existing) -> existing == null || existing.isDead() ? open(a)
            : existing);
    }

    private BrokerConnection open(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("broker address must be host:port, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        BrokerConnection connection = new BrokerConnection(address);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.context().newHandler(ch.alloc(), host, port));
                }
                ch.pipeline().addLast(new FrameDecoder(FrameLayout.DEFAULT_MAX_FRAME_LENGTH), FrameEncoder.INSTANCE);
                if (credentials != null) {
                    ch.pipeline().addLast(new AuthHandshake(credentials));
                }
                ch.pipeline().addLast(new ClientChannelHandler(connection, serverRequests));
            }
        });
        ChannelFuture connect = b.connect(host, port);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connect.channel().closeFuture().addListener(c -> disconnectListeners.forEach(l -> l.accept(address)));
            }
        });
        connection.connecting(connect);
        return connection;
    }

    /**
     * Calls {@code listener} with the address whenever an open connection closes (the broker then forgets this
     * client's registrations and queue locks).
     */
    public void onDisconnect(Consumer<String> listener) {
        disconnectListeners.add(listener);
    }

    /** Stops calling a listener added with {@link #onDisconnect}. */
    public void removeDisconnectListener(Consumer<String> listener) {
        disconnectListeners.remove(listener);
    }

    /** True once {@link #close()} was called: every request fails at once. */
    public boolean isClosed() {
        return closed;
    }

    /** True when a live connection to {@code address} is open now. */
    public boolean isConnected(String address) {
        BrokerConnection c = connections.get(address);
        return c != null && c.ready().isDone() && !c.isDead();
    }

    /** Closes the connection to {@code address} (its waiting requests fail); the next request reconnects. */
    public void disconnect(String address) {
        BrokerConnection c = connections.remove(address);
        if (c != null) {
            c.close();
        }
    }

    /** Closes every connection, fails the requests still waiting and stops the I/O threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connections.values().forEach(BrokerConnection::close);
        connections.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
