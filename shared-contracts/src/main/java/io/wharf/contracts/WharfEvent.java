package io.wharf.contracts;

/**
 * An event the services exchange through the broker: every event record carries the schema version it was
 * written with as its first field, so a consumer can tell which shape of the record the producer had.
 *
 * <p>Each implementing record has a {@code public static final int SCHEMA_VERSION}, the version its static
 * factory writes; see the module's README for the compatibility rule.
 */
public interface WharfEvent {

    /**
     * The schema version the producer wrote this event with.
     *
     * @return the version, starting at 1
     */
    int schemaVersion();
}
