package io.wharf.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import io.wharf.protocol.FrameLayout;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.ErrorBody;
import io.wharf.protocol.netty.FrameDecoder;
import io.wharf.protocol.netty.FrameEncoder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny in-test server speaking the Wharf protocol: each request or one-way frame is recorded and answered by
 * a script (or not answered, when the script returns null). It can also send requests to its clients and collects
 * their responses. For testing the client's transport and retry logic without a real broker.
 */
public final class ScriptedBroker implements AutoCloseable {
    /** Answers one frame; null means no answer. */
    @FunctionalInterface
    public interface Script {
        Frame answer(Frame request);
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Frame> clientResponses = new LinkedBlockingQueue<>();
    private final Channel server;
    private volatile Script script;

    public ScriptedBroker(Script script) {
        this.script = script;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    clients.add(ch);
                    ch.pipeline().addLast(new FrameDecoder(FrameLayout.DEFAULT_MAX_FRAME_LENGTH),
                        FrameEncoder.INSTANCE, new Handler());
                }
            }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public static Frame ok(Frame request, Body body) {
        return Frame.response(request, Status.OK, body.toBuffer());
    }

    public static Frame status(Frame request, Status status, Body body) {
        return Frame.response(request, status, body.toBuffer());
    }

    public static Frame error(Frame request, Status status, String message) {
        return Frame.response(request, status, new ErrorBody(message).toBuffer());
    }

    public static Frame empty(Frame request) {
        return Frame.response(request, Status.OK, ByteBuffer.allocate(0));
    }

    public void script(Script script) {
        this.script = script;
    }

    public String address() {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        return a.getHostString() + ":" + a.getPort();
    }

    /** Every request and one-way frame received, in arrival order. */
    public List<Frame> received() {
        return received;
    }

    /** Sends a frame to every connected client. */
    public void sendToClients(Frame frame) {
        clients.writeAndFlush(frame).syncUninterruptibly();
    }

    /** The next response a client sent to one of our requests. */
    public Frame nextClientResponse(long timeoutMs) throws InterruptedException {
        return clientResponses.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    public int connectedClients() {
        return clients.size();
    }

    public void closeClientConnections() {
        clients.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        clients.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<Frame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            if (frame.kind() == FrameKind.RESPONSE) {
                clientResponses.add(frame);
                return;
            }
            received.add(frame);
            Frame answer = script.answer(frame);
            if (answer != null && frame.kind() == FrameKind.REQUEST) {
                ctx.writeAndFlush(answer);
            }
        }
    }
}
