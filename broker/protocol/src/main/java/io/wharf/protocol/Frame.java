package io.wharf.protocol;

import java.nio.ByteBuffer;

/**
 * One decoded frame. {@code opcodeCode} is kept raw so a node can answer an opcode it does not know with
 * {@link Status#UNSUPPORTED_OPCODE} instead of dropping the connection.
 *
 * @param kind       request, response or one-way
 * @param opcodeCode the opcode's code
 * @param requestId  chosen by the requester, echoed in the response (pipelining)
 * @param status     the response status; {@link Status#OK} in requests
 * @param body       the body bytes (a read-only view)
 */
public record Frame(FrameKind kind, int opcodeCode, long requestId, Status status, ByteBuffer body) {

    public static Frame request(Opcode opcode, long requestId, ByteBuffer body) {
        return new Frame(FrameKind.REQUEST, opcode.code(), requestId, Status.OK, body);
    }

    public static Frame oneWay(Opcode opcode, long requestId, ByteBuffer body) {
        return new Frame(FrameKind.ONE_WAY, opcode.code(), requestId, Status.OK, body);
    }

    public static Frame response(Frame request, Status status, ByteBuffer body) {
        return new Frame(FrameKind.RESPONSE, request.opcodeCode(), request.requestId(), status, body);
    }

    /** The opcode, or null when this version does not know it. */
    public Opcode opcode() {
        return Opcode.ofOrNull(opcodeCode);
    }

    /** A reader over the body. */
    public WireReader reader() {
        return new WireReader(body.duplicate());
    }
}
