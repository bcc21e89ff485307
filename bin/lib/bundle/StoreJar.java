import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * java StoreJar.java IN OUT: rewrites a jar with every entry stored, not deflated, in the same order with the same
 * names and times. The bundle's xz then compresses the class files themselves, several times better than it can
 * compress deflated ones (TornadoVM's Graal compiler: 24 MB deflated, 4 MB as stored classes under xz).
 */
public class StoreJar {
    public static void main(String[] args) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Path.of(args[0])));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(Path.of(args[1])))) {
            out.setMethod(ZipOutputStream.STORED);
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(data);
                ZipEntry s = new ZipEntry(e.getName());
                s.setMethod(ZipEntry.STORED);
                s.setSize(data.length);
                s.setCompressedSize(data.length);
                s.setCrc(crc.getValue());
                if (e.getLastModifiedTime() != null) {
                    s.setLastModifiedTime(e.getLastModifiedTime());
                }
                out.putNextEntry(s);
                out.write(data);
                out.closeEntry();
            }
        }
    }
}
