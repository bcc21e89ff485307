package org.gdmc.study;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A study state written to bytes and read back, as shard files and checkpoints hold it (for the tests). */
final class StateBytes {
    private StateBytes() {
    }

    static byte[] of(StudyState s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            s.write(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StudyState read(StudySpec spec, byte[] bytes) {
        try {
            return StudyState.read(spec, new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state as a file would give it back. */
    static StudyState roundTrip(StudyState s) {
        return read(s.spec(), of(s));
    }
}
