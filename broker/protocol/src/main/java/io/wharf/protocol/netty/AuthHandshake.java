package io.wharf.protocol.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.Status;
import io.wharf.protocol.auth.AuthProof;
import io.wharf.protocol.auth.Credentials;
import io.wharf.protocol.body.AuthChallengeResponse;
import io.wharf.protocol.body.AuthRequest;
import io.wharf.protocol.body.ErrorBody;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of authenticating a connection, as the first thing on it: AUTH_CHALLENGE, then AUTH with the
 * proof of the secret. {@link #done()} completes when the broker accepted it, and the handler leaves the pipeline;
 * it fails with a {@link ProtocolException} carrying the broker's status (AUTH_FAILED, or TLS_REQUIRED from a TLS
 * port) when the broker refused, or when the connection closed first. Its two requests use negative ids, which
 * the callers' own requests never do.
 */
public final class AuthHandshake extends ChannelInboundHandlerAdapter {
    private static final long CHALLENGE_ID = -1;
    private static final long AUTH_ID = -2;

    private final Credentials credentials;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    public AuthHandshake(Credentials credentials) {
        this.credentials = credentials;
    }

    /** Completes once the connection is authenticated; fails with the reason it is not. */
    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Frame.request(Opcode.AUTH_CHALLENGE, CHALLENGE_ID, ByteBuffer.allocate(0)));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame f) || f.kind() != FrameKind.RESPONSE
            || (f.requestId() != CHALLENGE_ID && f.requestId() != AUTH_ID)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (f.status().isError()) {
            fail(ctx, f.status(), ErrorBody.decode(f.reader()).message());
            return;
        }
        if (f.requestId() == CHALLENGE_ID) {
            byte[] serverNonce = AuthChallengeResponse.decode(f.reader()).serverNonce();
            byte[] clientNonce = AuthProof.nonce();
            byte[] proof = AuthProof.compute(credentials.secretKey(), credentials.accessKey(), serverNonce,
                clientNonce);
            ctx.writeAndFlush(Frame.request(Opcode.AUTH, AUTH_ID,
                new AuthRequest(credentials.accessKey(), clientNonce, proof).toBuffer()));
        } else {
            ctx.pipeline().remove(this);
            done.complete(null);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done.completeExceptionally(new ProtocolException(Status.AUTH_FAILED,
            "the connection closed before it was authenticated as '" + credentials.accessKey() + "'"));
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, Status status, String message) {
        done.completeExceptionally(new ProtocolException(status, message));
        ctx.close();
    }
}
