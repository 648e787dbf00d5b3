package io.wharf.protocol;

/** Whether a frame asks, answers, or asks without wanting an answer. */
public enum FrameKind {
    REQUEST,
    RESPONSE,
    ONE_WAY;

    static FrameKind of(int code) {
        return switch (code) {
            case 0 -> REQUEST;
            case 1 -> RESPONSE;
            case 2 -> ONE_WAY;
            default -> throw new ProtocolException(Status.BAD_REQUEST, "unknown frame kind " + code);
        };
    }
}
