package io.wharf.server.auth;

import java.util.Locale;

/** What an account may do with a topic or a group: nothing, publish, subscribe, or both. */
public enum Permission {
    DENY(false, false),
    PUB(true, false),
    SUB(false, true),
    PUB_SUB(true, true);

    private final boolean publish;
    private final boolean subscribe;

    Permission(boolean publish, boolean subscribe) {
        this.publish = publish;
        this.subscribe = subscribe;
    }

    public boolean publish() {
        return publish;
    }

    public boolean subscribe() {
        return subscribe;
    }

    /** Parses {@code DENY}, {@code PUB}, {@code SUB} or {@code PUB|SUB} (any case, either order). */
    public static Permission parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        return switch (t) {
            case "DENY" -> DENY;
            case "PUB" -> PUB;
            case "SUB" -> SUB;
            case "PUB|SUB", "SUB|PUB" -> PUB_SUB;
            default -> throw new IllegalArgumentException("a permission is DENY, PUB, SUB or PUB|SUB, got '"
                + text + "'");
        };
    }
}
