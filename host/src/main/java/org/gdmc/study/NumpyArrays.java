package org.gdmc.study;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Arrays in NumPy's {@code .npy} format, version 1.0, the format {@code numpy.load} reads without options: the magic
 * string {@code \x93NUMPY}, the version bytes 1 and 0, the header's length as a little-endian uint16, the header (a
 * Python dict literal giving the element type, the order and the shape, padded with spaces and ended by a newline so
 * that the data starts at a multiple of 64 bytes), then the elements. gdmc writes float64 ({@code '<f8'}, little
 * endian) in C order (row-major: the last index fastest).
 */
public final class NumpyArrays {
    /** Where the data starts: a multiple of this many bytes. */
    static final int ALIGNMENT = 64;

    private NumpyArrays() {
    }

    /** The .npy bytes of a float64 array of the given shape, its elements in C order. */
    public static byte[] float64(double[] data, long... shape) {
        long size = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative extent in shape " + java.util.Arrays.toString(shape));
            }
            size *= s;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + size
                    + " elements, got " + data.length);
        }
        byte[] header = header("<f8", shape);
        ByteBuffer out = ByteBuffer.allocate(header.length + 8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(header);
        for (double v : data) {
            out.putDouble(v);
        }
        return out.array();
    }

    /** Magic, version 1.0, length and the padded header dict. */
    private static byte[] header(String descr, long[] shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int k = 0; k < shape.length; k++) {
            dims.append(shape[k]).append(k == 0 && shape.length == 1 ? "," : k < shape.length - 1 ? ", " : "");
        }
        dims.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int preamble = 10;
        int padded = (preamble + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String text = dict + " ".repeat(padded - preamble - dict.length() - 1) + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(preamble + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) bytes.length);
        b.put(bytes);
        return b.array();
    }
}
