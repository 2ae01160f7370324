package io.specialist.model.tokenizer;

import java.util.Arrays;

/** A byte array with value equality, as a hash key for chunks. */
record ByteSeq(byte[] bytes, int hash) {

    ByteSeq(byte[] bytes) {
        this(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteSeq other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
