package org.gdmc.study;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Files of a {@link StudyState}: a shard's result, to be merged, or a checkpoint, to be resumed. Layout: the magic
 * line {@value #MAGIC}, a format version, the {@link Header} (the study's fingerprint and resolved configuration, so
 * a merge needs no study file, the shard, and the run's provenance as JSON), the state's exact binary form, and a
 * CRC-32 of everything before it. Written to a temporary file and moved into place, so a reader sees a whole file or
 * none; a truncated or altered file is refused.
 */
public final class StateFiles {
    private static final String MAGIC = "gdmc-state";
    private static final int VERSION = 2;

    /**
     * @param fingerprint hash of the resolved configuration's sampling fields: states merge or resume only when equal
     * @param config      the resolved configuration (JSON)
     * @param shard       the shard the state belongs to
     * @param provenance  the run's provenance (JSON object)
     */
    public record Header(String fingerprint, String config, Shard shard, String provenance) {
    }

    /** What a state file holds after its header: a study's reduced state, in an exact binary form. */
    public interface Body {
        void write(DataOutput out) throws IOException;
    }

    /** Reads a {@link Body} back. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(DataInput in) throws IOException;
    }

    /** A file that is not a whole, readable state file of this format, or not of the study it is read for. */
    public static final class InvalidStateFileException extends IOException {
        InvalidStateFileException(Path file, String message, Throwable cause) {
            super(file + ": " + message, cause);
        }
    }

    private StateFiles() {
    }

    public static void write(Path file, Header header, Body state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        DataOutputStream out = new DataOutputStream(bytes);
        out.write((MAGIC + "\n").getBytes(StandardCharsets.US_ASCII));
        out.writeInt(VERSION);
        writeString(out, header.fingerprint());
        writeString(out, header.config());
        out.writeInt(header.shard().index());
        out.writeInt(header.shard().count());
        writeString(out, header.provenance());
        state.write(out);
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        ResultFiles.atomicWrite(file, bytes.toByteArray());
    }

    public static Header header(Path file) throws IOException {
        DataInputStream in = open(file);
        try {
            return header(in, file);
        } catch (IOException e) {
            throw new InvalidStateFileException(file, e.getMessage(), e);
        }
    }

    /** The state in the file, for the study its header describes. */
    public static StudyState read(Path file, StudySpec spec) throws IOException {
        return read(file, in -> StudyState.read(spec, in));
    }

    /** The body in the file, read by {@code reader} (e.g. a large-mixture study's state). */
    public static <T> T read(Path file, BodyReader<T> reader) throws IOException {
        DataInputStream in = open(file);
        try {
            header(in, file);
            return reader.read(in);
        } catch (IOException e) {
            throw new InvalidStateFileException(file, e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        byte[] magic = (MAGIC + "\n").getBytes(StandardCharsets.US_ASCII);
        if (all.length < magic.length + 12 || !Arrays.equals(all, 0, magic.length, magic, 0, magic.length)) {
            throw new InvalidStateFileException(file, "not a gdmc state file (shard result or checkpoint)", null);
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = new DataInputStream(new ByteArrayInputStream(all, all.length - 8, 8)).readLong();
        if (stored != crc.getValue()) {
            throw new InvalidStateFileException(file, "damaged or truncated (checksum mismatch)", null);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, magic.length,
                all.length - 8 - magic.length));
        int version = in.readInt();
        if (version != VERSION) {
            throw new InvalidStateFileException(file, "state format " + version + "; this gdmc reads " + VERSION,
                    null);
        }
        return in;
    }

    private static Header header(DataInputStream in, Path file) throws IOException {
        String fingerprint = readString(in);
        String config = readString(in);
        int index = in.readInt();
        int count = in.readInt();
        Shard shard;
        try {
            shard = new Shard(index, count);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new Header(fingerprint, config, shard, readString(in));
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 28) {
            throw new IOException("corrupt state file: a string of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
