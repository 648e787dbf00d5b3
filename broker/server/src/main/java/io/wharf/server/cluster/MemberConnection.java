package io.wharf.server.cluster;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.auth.Credentials;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.ErrorBody;
import io.wharf.protocol.netty.Handshakes;
import io.wharf.protocol.netty.Transports;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One request/response connection from this member to another, on its protocol port, through the same doors as
 * the Raft links: TLS checking the member's certificate when the group speaks TLS, then authentication as
 * {@code member:<id>} with the cluster secret. Calls go one at a time (the store copy fetches chunk after chunk).
 */
final class MemberConnection implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private volatile CompletableFuture<Frame> waiting;
    private long nextId;

    private MemberConnection(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    static MemberConnection open(String address, int maxFrameBytes, Credentials credentials, SslContext tls,
                                 Duration timeout) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "wharf-member-call");
            t.setDaemon(true);
            return t;
        }, Transports.ioHandlerFactory());
        MemberConnection[] self = new MemberConnection[1];
        Bootstrap b = new Bootstrap().group(group).channel(Transports.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    PeerLinks.memberHandlers(ch, tls, host, port, maxFrameBytes, credentials);
                    ch.pipeline().addLast(new Responses(() -> self[0]));
                }
            });
        try {
            ChannelFuture connect = b.connect(host, port);
            if (!connect.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || !connect.isSuccess()) {
                throw new IOException("cannot connect to member at " + address, connect.cause());
            }
            self[0] = new MemberConnection(group, connect.channel());
            Handshakes.of(connect.channel()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return self[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("interrupted while connecting to " + address, e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("member at " + address + " refused or did not answer the connection: " + e, e);
        }
    }

    /** Sends a request and waits for its answer; an error status throws a {@link ProtocolException}. */
    Frame call(Opcode opcode, Body body, Duration timeout) throws IOException {
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        waiting = answer;
        long id = ++nextId;
        channel.writeAndFlush(Frame.request(opcode, id, body == null ? ByteBuffer.allocate(0) : body.toBuffer()));
        try {
            Frame f = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f.requestId() != id) {
                throw new IOException("answer " + f.requestId() + " to request " + id);
            }
            if (f.status().isError()) {
                throw new ProtocolException(f.status(), ErrorBody.decode(f.reader()).message());
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(opcode + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(opcode + " got no answer within " + timeout.toMillis() + " ms", e);
        }
    }

    @Override
    public void close() {
        channel.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static final class Responses extends SimpleChannelInboundHandler<Frame> {
        private final Supplier<MemberConnection> owner;

        Responses(Supplier<MemberConnection> owner) {
            this.owner = owner;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
            MemberConnection c = owner.get();
            CompletableFuture<Frame> w = c == null ? null : c.waiting;
            if (f.kind() == FrameKind.RESPONSE && w != null) {
                w.complete(f);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            MemberConnection c = owner.get();
            if (c != null && c.waiting != null) {
                c.waiting.completeExceptionally(new IOException("connection closed"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            MemberConnection c = owner.get();
            if (c != null && c.waiting != null) {
                c.waiting.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}
