package io.specialist.trainer.registry;

import java.io.IOException;
import java.io.InputStream;

/** A stored file that can be streamed from an offset (for HTTP Range requests). */
public interface Blob {

    long size();

    /** A stream positioned at {@code offset}; the caller closes it. */
    InputStream open(long offset) throws IOException;
}
