package io.wharf.warehouse;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;

/** {@code warehouse.*} (application.yml lists every key with its default). */
@ConfigurationProperties("warehouse")
public class WarehouseConfiguration {
    /** How changes are consumed and applied. */
    public enum Mode {
        /** Orderly per queue, each change applied only when its LSN is newer than the row's (correct). */
        ORDERED,
        /**
         * WRONG, the seed's failure: concurrent consumption and each change applied as its statement (insert if
         * absent, update where present, delete) without looking at LSNs, so an update that overtakes its insert is
         * lost.
         */
        NAIVE
    }

    @NotNull
    private Mode mode = Mode.ORDERED;

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }
}
