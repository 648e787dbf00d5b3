package io.wharf.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import io.wharf.protocol.FrameLayout;
import io.wharf.protocol.NotLeader;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.ClusterLeaderResponse;
import io.wharf.protocol.body.ErrorBody;
import io.wharf.protocol.netty.FrameDecoder;
import io.wharf.protocol.netty.FrameEncoder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for one node of a three-node broker group, until the real group exists. It plays a role that the
 * test switches at any time:
 * <ul>
 * <li>leader ({@link #lead()}): relays every frame, both ways, to a real single-node broker; each client
 *     connection gets a connection of its own to that broker, so the broker sees clients come and go (and sends
 *     check-backs over their connections) as a real leader would;</li>
 * <li>follower ({@link #follow}): answers every request NOT_LEADER, naming the leader or not (an election);</li>
 * <li>paused ({@link #freeze()}): connections stay open, nothing is answered, as a stopped process does;</li>
 * <li>down ({@link #kill()}): every connection closed, the port refusing new ones.</li>
 * </ul>
 * CLUSTER_LEADER is answered by the node itself in every role but paused. {@link #answerLeaderUnknownFor} and
 * {@link #dieOnNextSend()} script the moments in between.
 */
public final class FakeNode implements AutoCloseable {
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger unknownAnswersLeft = new AtomicInteger();
    private final String brokerAddress;
    private final LoopbackFrameServer server;
    private volatile boolean leading;
    private volatile String leaderAddress;
    private volatile boolean dieOnNextSend;
    private volatile boolean frozen;
    private volatile boolean down;

    /** A node that relays to the broker at {@code brokerAddress} when it leads; it starts as a follower. */
    public FakeNode(String brokerAddress) {
        this.brokerAddress = brokerAddress;
        this.server = new LoopbackFrameServer(ClientSide::new);
    }

    public String address() {
        return server.address();
    }

    /** Leads from now on: requests are relayed to the broker. */
    public FakeNode lead() {
        leading = true;
        return this;
    }

    /** Follows from now on, naming {@code leader} in its NOT_LEADER answers (null: leader unknown). */
    public FakeNode follow(String leader) {
        leaderAddress = leader;
        leading = false;
        return this;
    }

    /** Stops answering anything, relayed or not, and keeps every connection open (SIGSTOP). */
    public FakeNode freeze() {
        frozen = true;
        return this;
    }

    /** Answers the next {@code requests} requests NOT_LEADER with the leader unknown, whatever its role. */
    public FakeNode answerLeaderUnknownFor(int requests) {
        unknownAnswersLeft.set(requests);
        return this;
    }

    /** Leading: relays the next SEND to the broker, then goes down before the answer can reach the client. */
    public FakeNode dieOnNextSend() {
        dieOnNextSend = true;
        return this;
    }

    /** Goes down: closes every connection and the port, as a killed process does. Never blocks. */
    public void kill() {
        down = true;
        server.kill();
    }

    /** Every request received (whatever the answer), in arrival order. */
    public List<Frame> received() {
        return received;
    }

    /** How many requests with {@code opcode} arrived. */
    public long received(Opcode opcode) {
        return received.stream().filter(f -> f.opcode() == opcode).count();
    }

    @Override
    public void close() {
        kill();
        server.close();
    }

    private boolean takeUnknownAnswer() {
        return unknownAnswersLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /** One client connection: answered here as a follower, relayed to its own broker connection as the leader. */
    private final class ClientSide extends SimpleChannelInboundHandler<Frame> {
        private Channel broker;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            client.config().setAutoRead(false);
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(FrameLayout.DEFAULT_MAX_FRAME_LENGTH),
                            FrameEncoder.INSTANCE, new BrokerSide(client));
                    }
                }).connect(hostOf(brokerAddress), portOf(brokerAddress)).addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess() && !down) {
                        broker = f.channel();
                        client.config().setAutoRead(true);
                    } else {
                        f.channel().close();
                        client.close();
                    }
                });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (broker != null) {
                broker.close();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            if (frame.kind() == FrameKind.RESPONSE) {
                broker.writeAndFlush(frame);
                return;
            }
            received.add(frame);
            if (frozen) {
                return;
            }
            if (frame.opcode() == Opcode.CLUSTER_LEADER) {
                boolean electing = unknownAnswersLeft.get() > 0;
                String leader = leading ? address() : leaderAddress;
                ctx.writeAndFlush(Frame.response(frame, Status.OK, new ClusterLeaderResponse(address(), 1,
                    leading && !electing, electing || leader == null ? "" : leader).toBuffer()));
                return;
            }
            boolean electing = takeUnknownAnswer();
            if (leading && !electing) {
                relay(frame);
            } else if (frame.kind() == FrameKind.REQUEST) {
                ctx.writeAndFlush(Frame.response(frame, Status.NOT_LEADER,
                    new ErrorBody(NotLeader.message(electing ? null : leaderAddress)).toBuffer()));
            }
        }

        private void relay(Frame frame) {
            if (frame.opcode() == Opcode.SEND && dieOnNextSend) {
                dieOnNextSend = false;
                down = true;
                broker.writeAndFlush(frame).addListener(f -> kill());
            } else {
                broker.writeAndFlush(frame);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The broker end of one relayed connection: responses and the broker's own requests go to the client. */
    private final class BrokerSide extends SimpleChannelInboundHandler<Frame> {
        private final Channel client;

        BrokerSide(Channel client) {
            this.client = client;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            if (!down && !frozen) {
                client.writeAndFlush(frame);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static String hostOf(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
