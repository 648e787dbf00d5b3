package io.wharf.server.cluster;

import java.util.concurrent.TimeUnit;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.auth.Credentials;
import io.wharf.protocol.netty.AuthHandshake;
import io.wharf.protocol.netty.CoalescingWriter;
import io.wharf.protocol.netty.FrameDecoder;
import io.wharf.protocol.netty.FrameEncoder;
import io.wharf.protocol.netty.Handshakes;
import io.wharf.protocol.netty.Transports;
import io.wharf.raft.RaftMessage;
import io.wharf.raft.RaftTransport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing connections to the other members, one each, carrying one-way RAFT_MESSAGE frames. A message to a
 * member that is not connected is dropped and a connection attempt starts: Raft resends what matters (the next
 * heartbeat, append or vote round). Answers come back over the other member's own link to this one.
 */
final class PeerLinks implements RaftTransport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLinks.class);

    private final Map<String, String> addresses;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, ChannelFuture> connecting = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reportedDown = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;

    private final Credentials credentials;

    private final int maxFrameBytes;
    private final SslContext tls;

    /**
     * Links to {@code addresses}; with {@code credentials} each link authenticates before it carries Raft, with
     * {@code tls} (null: plaintext) each speaks TLS and checks the member's certificate.
     */
    PeerLinks(Map<String, String> addresses, int maxFrameBytes, Credentials credentials, SslContext tls) {
        // The caller's live address book: members added to the group show up in it (and here) as they join.
        this.addresses = addresses;
        this.credentials = credentials;
        this.maxFrameBytes = maxFrameBytes;
        this.tls = tls;
        this.group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "wharf-raft-links");
            t.setDaemon(true);
            return t;
        }, Transports.ioHandlerFactory());
        this.bootstrap = new Bootstrap().group(group).channel(Transports.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 500);
    }

    private ChannelInitializer<SocketChannel> pipeline(String host, int port) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                memberHandlers(ch, tls, host, port, maxFrameBytes, credentials);
            }
        };
    }

    /**
     * What every connection from this member to another starts with: TLS checking the other's certificate (when
     * {@code tls} is set), the frame codec, and authentication as a member (when {@code credentials} are set).
     */
    static void memberHandlers(SocketChannel ch, SslContext tls, String host, int port, int maxFrameBytes,
                               Credentials credentials) {
        if (tls != null) {
            ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
        }
        ch.pipeline().addLast(new FrameDecoder(maxFrameBytes), FrameEncoder.INSTANCE);
        if (credentials != null) {
            ch.pipeline().addLast(new AuthHandshake(credentials));
        }
    }

    @Override
    public void send(RaftMessage message) {
        Channel ch = channels.get(message.to());
        if (ch == null || !ch.isActive()) {
            connect(message.to());
            return;
        }
        CoalescingWriter.of(ch).write(Frame.oneWay(Opcode.RAFT_MESSAGE, sequence.incrementAndGet(),
            RaftCodec.encode(message)));
    }

    private void connect(String member) {
        String address = addresses.get(member);
        if (closed || address == null || connecting.containsKey(member)) {
            return;
        }
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        ChannelFuture f = bootstrap.clone().handler(pipeline(host, port)).connect(host, port);
        connecting.put(member, f);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                connecting.remove(member);
                down(member, address, "cannot reach member", done.cause());
                return;
            }
            CompletableFuture<Void> ready = Handshakes.of(f.channel());
            ready.whenComplete((v, refused) -> {
                connecting.remove(member);
                if (refused != null) {
                    f.channel().close();
                    down(member, address, "member refused this node's authentication", refused);
                    return;
                }
                channels.put(member, f.channel());
                if (reportedDown.remove(member) != null) {
                    LOG.info("link to {} at {} is up", member, address);
                }
            });
        });
    }

    private void down(String member, String address, String what, Throwable cause) {
        if (reportedDown.putIfAbsent(member, Boolean.TRUE) == null) {
            LOG.warn("{} {} at {}: {} (retrying quietly)", what, member, address, cause.getMessage() == null
                ? cause.toString() : cause.getMessage());
        }
    }

    /** Closes the link to a member that left the group. */
    void forget(String member) {
        Channel ch = channels.remove(member);
        if (ch != null) {
            ch.close();
        }
        reportedDown.remove(member);
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
