package org.gdmc.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.gdmc.fields.InputFileException;

/**
 * Reads a study file as text, refusing with one line that names the file what is not a study: a directory, a file over
 * {@value #MAX_BYTES} bytes, bytes that are not UTF-8 (a Latin-1 file), or a NUL byte (a binary file).
 */
public final class StudyFiles {
    /** The largest study file read: studies are a few kilobytes; a larger file is almost surely not one. */
    public static final long MAX_BYTES = 16L << 20;

    private StudyFiles() {
    }

    /** The text of a study file; a missing file stays a {@link NoSuchFileException}. */
    public static String read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InputFileException("study file " + file + " is a directory, not a YAML or JSON study");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new InputFileException(String.format(Locale.ROOT, "study file %s has %,d bytes, more than a study "
                    + "can (%,d): is it the right file?", file, size, MAX_BYTES));
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new InputFileException("study file " + file + " is binary (a NUL byte at offset " + i
                        + "), not a YAML or JSON study");
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return utf8.decode(in).toString();
        } catch (CharacterCodingException e) {
            int at = in.position();
            throw new InputFileException(String.format(Locale.ROOT, "study file %s is not UTF-8 text: byte 0x%02X "
                    + "at offset %d (line %d) cannot be decoded; save it as UTF-8", file, bytes[at] & 0xFF, at,
                    line(bytes, at)));
        }
    }

    private static int line(byte[] bytes, int at) {
        int line = 1;
        for (int i = 0; i < at && i < bytes.length; i++) {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return line;
    }
}
