package io.wharf.benchmarks;

/**
 * How {@link RawForceLoop} writes and forces. {@link #MMAP} is the reference the store is measured against;
 * the other two explain the gap: on a VM, cleaning pages that a process has mapped writable costs a TLB
 * shootdown (an inter-processor interrupt) whenever another thread of the process runs on another core, which
 * is always the case for the store (writers, flusher, dispatcher) and never for a single-threaded loop.
 */
public enum RawVariant {
    /** Copy into the mapping, {@code MappedByteBuffer.force(from, length)}; the process has one busy thread. */
    MMAP("mmap", false, false),
    /** As {@link #MMAP}, while another thread of the same process spins on the other core. */
    MMAP_BUSY_SIBLING("mmap, sibling busy", false, true),
    /** {@code FileChannel.write} at the position, then {@code force(false)} (fdatasync); sibling spinning. */
    PWRITE_BUSY_SIBLING("pwrite+fdatasync, sibling busy", true, true);

    private final String label;
    private final boolean pwrite;
    private final boolean busySibling;

    RawVariant(String label, boolean pwrite, boolean busySibling) {
        this.label = label;
        this.pwrite = pwrite;
        this.busySibling = busySibling;
    }

    public String label() {
        return label;
    }

    public boolean pwrite() {
        return pwrite;
    }

    public boolean busySibling() {
        return busySibling;
    }
}
