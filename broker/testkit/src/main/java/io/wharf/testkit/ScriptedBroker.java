package io.wharf.testkit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.ErrorBody;
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

    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Frame> clientResponses = new LinkedBlockingQueue<>();
    private final LoopbackFrameServer server;
    private volatile Script script;

    public ScriptedBroker(Script script) {
        this.script = script;
        this.server = new LoopbackFrameServer(Handler::new);
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
        return server.address();
    }

    /** Every request and one-way frame received, in arrival order. */
    public List<Frame> received() {
        return received;
    }

    /** Sends a frame to every connected client. */
    public void sendToClients(Frame frame) {
        server.clients().writeAndFlush(frame).syncUninterruptibly();
    }

    /** The next response a client sent to one of our requests. */
    public Frame nextClientResponse(long timeoutMs) throws InterruptedException {
        return clientResponses.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    public int connectedClients() {
        return server.clients().size();
    }

    public void closeClientConnections() {
        server.clients().close().syncUninterruptibly();
    }

    @Override
    public void close() {
        server.close();
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
