package io.wharf.protocol;

import java.nio.ByteBuffer;

/**
 * The frame format of the Wharf protocol, the one owner of its bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |          frame length: bytes after this field (int32)         |  0
 * +---------------+---------------+-------------------------------+
 * |    version    |     kind      |        opcode (uint16)        |  4
 * +---------------+---------------+-------------------------------+
 * |                      request id (int64)                       |  8
 * +-------------------------------+-------------------------------+
 * |        status (uint16)        |  body ...                       16
 * +-------------------------------+
 * </pre>
 *
 * A frame longer than the receiver's maximum, of another version or with a malformed header is a protocol
 * error: the receiver answers it if it can and closes that connection.
 */
public final class FrameLayout {
    public static final int LENGTH_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int KIND_OFFSET = 5;
    public static final int OPCODE_OFFSET = 6;
    public static final int REQUEST_ID_OFFSET = 8;
    public static final int STATUS_OFFSET = 16;
    public static final int HEADER_LENGTH = 18;
    public static final int LENGTH_FIELD_LENGTH = 4;

    public static final int VERSION = 1;
    /** The default largest frame a node accepts: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 << 20;

    private FrameLayout() {
    }

    /** The whole frame, length field included, ready to write. */
    public static ByteBuffer encode(Frame frame) {
        ByteBuffer body = frame.body().duplicate();
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + body.remaining());
        writeHeader(out, frame, body.remaining());
        out.put(HEADER_LENGTH, body, body.position(), body.remaining());
        return out;
    }

    /** Writes the 18 header bytes at {@code out}'s start for a body of {@code bodyLength} bytes. */
    public static void writeHeader(ByteBuffer out, Frame frame, int bodyLength) {
        out.putInt(LENGTH_OFFSET, HEADER_LENGTH - LENGTH_FIELD_LENGTH + bodyLength)
            .put(VERSION_OFFSET, (byte) VERSION)
            .put(KIND_OFFSET, (byte) frame.kind().ordinal())
            .putShort(OPCODE_OFFSET, (short) frame.opcodeCode())
            .putLong(REQUEST_ID_OFFSET, frame.requestId())
            .putShort(STATUS_OFFSET, (short) frame.status().code());
    }

    /**
     * Decodes one whole frame (length field included) without trusting any of it.
     *
     * @throws ProtocolException when the length disagrees with the bytes, the version is not ours, or the
     *                           kind or status is unknown
     */
    public static Frame decode(ByteBuffer whole) {
        ByteBuffer in = whole.slice();
        if (in.remaining() < HEADER_LENGTH) {
            throw new ProtocolException(Status.BAD_REQUEST, "frame shorter than its header");
        }
        int length = in.getInt(LENGTH_OFFSET);
        if (length != in.remaining() - LENGTH_FIELD_LENGTH) {
            throw new ProtocolException(Status.BAD_REQUEST, "frame length " + length + " does not match "
                + (in.remaining() - LENGTH_FIELD_LENGTH) + " bytes");
        }
        int version = Byte.toUnsignedInt(in.get(VERSION_OFFSET));
        if (version != VERSION) {
            throw new ProtocolException(Status.UNSUPPORTED_VERSION, "protocol version " + version
                + " is not supported; this node speaks version " + VERSION);
        }
        FrameKind kind = FrameKind.of(Byte.toUnsignedInt(in.get(KIND_OFFSET)));
        int opcode = Short.toUnsignedInt(in.getShort(OPCODE_OFFSET));
        long requestId = in.getLong(REQUEST_ID_OFFSET);
        Status status = Status.of(Short.toUnsignedInt(in.getShort(STATUS_OFFSET)));
        ByteBuffer body = in.slice(HEADER_LENGTH, in.remaining() - HEADER_LENGTH).asReadOnlyBuffer();
        return new Frame(kind, opcode, requestId, status, body);
    }
}
