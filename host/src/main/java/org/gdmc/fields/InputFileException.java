package org.gdmc.fields;

/**
 * Bad input that is a file rather than a field: a study file that is a directory, is not UTF-8 text or is too large,
 * or an output location that cannot hold the result. The message names the file and says what is wrong; the command
 * line reports it on one line with exit code 2.
 */
public final class InputFileException extends RuntimeException {
    public InputFileException(String message) {
        super(message);
    }
}
