package io.wharf.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.wharf.protocol.netty.FrameDecoder;
import io.wharf.protocol.netty.FrameEncoder;
import io.wharf.protocol.netty.Transports;
import io.wharf.server.group.ClientRegistry;
import io.wharf.server.lock.QueueLocks;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The broker's protocol listener: Netty (epoll on Linux), one acceptor thread and one I/O thread per core. */
public final class BrokerServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    public BrokerServer(String host, int port, int maxFrameBytes, RequestHandler handler, ClientRegistry clients,
                        QueueLocks locks) {
        this(host, port, maxFrameBytes, handler, clients, locks, null);
    }

    /** A listener; with {@code ssl} every connection speaks TLS, and plaintext is answered TLS_REQUIRED. */
    public BrokerServer(String host, int port, int maxFrameBytes, RequestHandler handler, ClientRegistry clients,
                        QueueLocks locks, SslContext ssl) {
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("wharf-accept", true),
            Transports.ioHandlerFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
            new DefaultThreadFactory("wharf-io", true), Transports.ioHandlerFactory());
        BrokerChannelHandler channelHandler = new BrokerChannelHandler(handler, clients, locks);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(Transports.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                        ch.pipeline().addLast(new TlsOrPlaintext(ssl, maxFrameBytes, channelHandler));
                    } else {
                        ch.pipeline().addLast(new FrameDecoder(maxFrameBytes), FrameEncoder.INSTANCE, channelHandler);
                    }
                }
            });
        ChannelFuture bound = b.bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            this.channel = null;
            close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port, bound.cause());
        }
        this.channel = bound.channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
