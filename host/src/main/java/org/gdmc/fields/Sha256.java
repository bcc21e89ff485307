package org.gdmc.fields;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digests a result records of what it was made from: the resolved configuration's text and every input
 * file, hashed from the very bytes that were parsed (never by reading a file a second time).
 */
public final class Sha256 {
    private Sha256() {
    }

    /** The lower-case hex SHA-256 of the bytes. */
    public static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** The hex SHA-256 of the text's UTF-8 bytes. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
