package org.gdmc.highdim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gdmc.fields.ConfigException;

/**
 * A numeric array read from a NumPy {@code .npy} file (format 1.0–3.0, C order, little-endian float64, float32,
 * int64, int32, or uint8) or a CSV file (one row per line, comma separated, no header), with the SHA-256 of its
 * bytes for the provenance. Every value is checked finite; any fault is one {@link ConfigException} naming the field
 * and the file.
 *
 * @param data   the values, row-major
 * @param rows   rows (the length of a 1-D array)
 * @param cols   columns (1 for a 1-D array)
 * @param sha256 hex digest of the file
 */
public record ArrayFile(double[] data, int rows, int cols, String sha256) {
    /** Largest file read: 1 GiB (10^8 float64 parameters are 800 MB). */
    public static final long MAX_BYTES = 1L << 30;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads the file at {@code path} for {@code field} (e.g. {@code target.means}). */
    public static ArrayFile read(Path path, String field) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(path)) {
                throw new ConfigException(field, "no such file: " + path);
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new ConfigException(field, path + " is " + size + " bytes, more than the " + MAX_BYTES
                        + " a target file may take");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException(field, "cannot read " + path + ": " + e.getMessage());
        }
        String digest = org.gdmc.fields.Sha256.hex(bytes);
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ArrayFile a = name.endsWith(".npy") ? npy(bytes, path, field, digest) : csv(bytes, path, field, digest);
        for (int i = 0; i < a.data.length; i++) {
            if (!Double.isFinite(a.data[i])) {
                throw new ConfigException(field, path.getFileName() + " holds " + a.data[i] + " at row " + i / a.cols
                        + ", column " + i % a.cols + "; every value must be finite");
            }
        }
        return a;
    }

    private static ArrayFile npy(byte[] b, Path path, String field, String digest) {
        String at = path.getFileName().toString();
        if (b.length < 10 || (b[0] & 0xFF) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P'
                || b[5] != 'Y') {
            throw new ConfigException(field, at + " is not a .npy file (no \\x93NUMPY magic)");
        }
        int major = b[6];
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int start;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLength = buf.getInt(8);
            start = 12;
        } else {
            throw new ConfigException(field, at + " has .npy format version " + major + "; versions 1 to 3 are read");
        }
        if (headerLength < 0 || start + headerLength > b.length) {
            throw new ConfigException(field, at + " has a truncated .npy header");
        }
        String header = new String(b, start, headerLength, major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw new ConfigException(field, at + " has a .npy header without descr, fortran_order and shape");
        }
        if (order.group(1).equals("True")) {
            throw new ConfigException(field, at + " is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        List<Long> dims = new ArrayList<>();
        for (String s : shape.group(1).split(",")) {
            if (!s.isBlank()) {
                try {
                    dims.add(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    throw new ConfigException(field, at + " has a malformed shape (" + shape.group(1) + ")");
                }
            }
        }
        if (dims.isEmpty() || dims.size() > 2) {
            throw new ConfigException(field, at + " has shape (" + shape.group(1) + "); a 1-D or 2-D array is read");
        }
        long rows = dims.get(0);
        long cols = dims.size() == 2 ? dims.get(1) : 1;
        String type = descr.group(1);
        int width;
        switch (type) {
            case "<f8", "<i8" -> width = 8;
            case "<f4", "<i4" -> width = 4;
            case "|u1" -> width = 1;
            default -> throw new ConfigException(field, at + " holds dtype '" + type + "'; float64, float32, int64, "
                    + "int32 or uint8 (little-endian) is read");
        }
        long count = rows * cols;
        int data = start + headerLength;
        if (count > Integer.MAX_VALUE || data + count * width != b.length) {
            throw new ConfigException(field, at + " should hold " + rows + " x " + cols + " values of " + width
                    + " bytes after its header, but its size is " + b.length + " bytes");
        }
        double[] out = new double[(int) count];
        for (int i = 0; i < count; i++) {
            int o = data + i * width;
            out[i] = switch (type) {
                case "<f8" -> buf.getDouble(o);
                case "<f4" -> buf.getFloat(o);
                case "<i8" -> buf.getLong(o);
                case "<i4" -> buf.getInt(o);
                default -> b[o] & 0xFF;
            };
        }
        return new ArrayFile(out, (int) rows, (int) cols, digest);
    }

    private static ArrayFile csv(byte[] b, Path path, String field, String digest) {
        String at = path.getFileName().toString();
        String[] lines = new String(b, StandardCharsets.UTF_8).split("\\r?\\n");
        List<double[]> rows = new ArrayList<>();
        int cols = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cols >= 0 && cells.length != cols) {
                throw new ConfigException(field, at + " line " + (i + 1) + " has " + cells.length + " values, the "
                        + "lines before it " + cols);
            }
            cols = cells.length;
            double[] row = new double[cols];
            for (int j = 0; j < cols; j++) {
                try {
                    row[j] = Double.parseDouble(cells[j].trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException(field, at + " line " + (i + 1) + " value " + (j + 1) + " is not a "
                            + "number: \"" + cells[j].trim() + "\"");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new ConfigException(field, at + " holds no values");
        }
        double[] out = new double[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * cols, cols);
        }
        return new ArrayFile(out, rows.size(), cols, digest);
    }
}
