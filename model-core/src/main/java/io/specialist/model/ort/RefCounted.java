package io.specialist.model.ort;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Lease-based reference counting for a resource that must not be closed while in use, such as an
 * ONNX Runtime session (closing an {@code OrtSession} while another thread is inside {@code run()}
 * crashes the JVM).
 *
 * <p>Users take a {@link Lease} with {@link #acquire()} (try-with-resources) and use
 * {@link Lease#get()} only while it is open. The owner calls {@link #retire()} when the resource is
 * replaced: from then on {@code acquire()} fails, and the resource is closed exactly once, by whichever
 * thread releases the last reference (the retiring thread itself when no lease is open).
 *
 * <p>The state is one atomic word: {@code (references << 1) | retiredBit}. The owner holds one
 * reference until it retires, so the count can only reach zero after retirement, and since no
 * reference can be added once the retired bit is set, it reaches zero exactly once.
 *
 * @param <T> the resource type
 */
public final class RefCounted<T extends AutoCloseable> {

    private static final long RETIRED = 1L;
    private static final long ONE = 2L;

    private final T resource;
    private final AtomicLong state = new AtomicLong(ONE); // the owner's reference, not retired
    private final Consumer<Exception> onCloseFailure;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wraps {@code resource}; failures to close it are rethrown to the releasing thread as unchecked. */
    public RefCounted(T resource) {
        this(resource, e -> {
            throw new IllegalStateException("closing " + resource + " failed: " + e.getMessage(), e);
        });
    }

    /**
     * @param resource       the resource, closed exactly once after retirement and the last lease
     * @param onCloseFailure told when {@code close()} throws (e.g. to log it); runs on the releasing thread
     */
    public RefCounted(T resource, Consumer<Exception> onCloseFailure) {
        if (resource == null) {
            throw new IllegalArgumentException("resource must not be null");
        }
        this.resource = resource;
        this.onCloseFailure = onCloseFailure;
    }

    /**
     * Takes a lease.
     *
     * @throws IllegalStateException if the resource has been retired; the caller should fetch the
     *                               current one again (e.g. re-read its holder) and retry
     */
    public Lease<T> acquire() {
        Lease<T> lease = tryAcquire();
        if (lease == null) {
            throw new IllegalStateException("resource already retired: " + resource);
        }
        return lease;
    }

    /** Takes a lease, or returns {@code null} if the resource has been retired. */
    public Lease<T> tryAcquire() {
        while (true) {
            long s = state.get();
            if ((s & RETIRED) != 0) {
                return null;
            }
            if (state.compareAndSet(s, s + ONE)) {
                return new Lease<>(this);
            }
        }
    }

    /**
     * Marks the resource retired: no new leases; it is closed once the open leases are released
     * (immediately if there are none). Only the first call has an effect.
     *
     * @return true if this call retired it
     */
    public boolean retire() {
        while (true) {
            long s = state.get();
            if ((s & RETIRED) != 0) {
                return false;
            }
            long next = (s - ONE) | RETIRED;
            if (state.compareAndSet(s, next)) {
                if (next == RETIRED) {
                    closeResource();
                }
                return true;
            }
        }
    }

    public boolean isRetired() {
        return (state.get() & RETIRED) != 0;
    }

    /** True once the resource has been closed. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Leases currently open (for metrics and tests). */
    public long openLeases() {
        long s = state.get();
        long refs = s >>> 1;
        return (s & RETIRED) != 0 ? refs : refs - 1;
    }

    private void release() {
        long s = state.addAndGet(-ONE);
        if (s == RETIRED) {
            closeResource();
        }
    }

    private void closeResource() {
        if (!closed.compareAndSet(false, true)) {
            throw new IllegalStateException("bug: " + resource + " closed twice");
        }
        try {
            resource.close();
        } catch (Exception e) {
            onCloseFailure.accept(e);
        }
    }

    /** One user's hold on the resource; closing it twice has no further effect. */
    public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
        private final RefCounted<T> owner;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(RefCounted<T> owner) {
            this.owner = owner;
        }

        /**
         * The resource; valid until this lease is closed.
         *
         * @throws IllegalStateException if the lease was already closed
         */
        public T get() {
            if (released.get()) {
                throw new IllegalStateException("lease already released");
            }
            return owner.resource;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                owner.release();
            }
        }
    }
}
