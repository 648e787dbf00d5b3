package io.wharf.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.wharf.protocol.FrameLayout;
import io.wharf.protocol.netty.FrameDecoder;
import io.wharf.protocol.netty.FrameEncoder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A protocol server on a free loopback port for fake and scripted nodes: one I/O thread, frames decoded and
 * encoded, every accepted connection kept in {@link #clients()} and served by a new handler from the supplier.
 */
final class LoopbackFrameServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;

    LoopbackFrameServer(Supplier<ChannelHandler> handler) {
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    clients.add(ch);
                    ch.pipeline().addLast(new FrameDecoder(FrameLayout.DEFAULT_MAX_FRAME_LENGTH),
                        FrameEncoder.INSTANCE, handler.get());
                }
            }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** {@code 127.0.0.1:<port>}. */
    String address() {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        return a.getHostString() + ":" + a.getPort();
    }

    /** The open client connections. */
    ChannelGroup clients() {
        return clients;
    }

    /** Closes the port and every connection without waiting, as a killed process does. */
    void kill() {
        server.close();
        clients.close();
    }

    @Override
    public void close() {
        clients.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
