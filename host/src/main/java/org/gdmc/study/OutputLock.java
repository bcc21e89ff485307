package org.gdmc.study;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.gdmc.fields.InputFileException;

/**
 * An exclusive claim on a result's output stem for the whole of a run: the lock file {@code .NAME.lock} beside the
 * result, locked with the operating system's file lock (released by the system when the process dies, so a killed run
 * never blocks the next) and holding who took it. A second run on the same stem, in this process or another, is
 * refused at once with the holder's description instead of computing everything and racing for the files. Closing
 * removes the lock file.
 */
public final class OutputLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of an output stem: {@code .NAME.lock} beside it. */
    public static Path lockFile(Path stem) {
        return stem.toAbsolutePath().resolveSibling("." + stem.getFileName() + ".lock");
    }

    /**
     * Claims the stem, or fails with an {@link InputFileException} naming the holder. The lock must be on the file the
     * path names: one removed by a holder that was finishing (and perhaps created anew by a third run) between this
     * run's look at the path and its lock is tried again, so two runs never both hold one stem.
     */
    public static OutputLock claim(Path stem) throws IOException {
        Path file = lockFile(stem);
        ResultFiles.probe(stem); // the directory, and names as long as the result's: one line when it cannot be
        for (int attempt = 0; ; attempt++) {
            Object before = key(file);
            if (before == null) {
                try {
                    Files.createFile(file);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another run created it meanwhile: look again
                }
                continue;
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new InputFileException("--out " + stem + " is in use by another gdmc run (" + holder
                        + "); wait for it to finish or choose another --out");
            }
            if (before.equals(key(file))) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((describe() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                return new OutputLock(file, channel, lock);
            }
            lock.release();
            channel.close();
            if (attempt > 100) {
                throw new IOException("could not claim " + file + ": it keeps being replaced");
            }
        }
    }

    /**
     * The file's identity (device and inode) by stat, or null when there is none. Never by opening the file: closing
     * another descriptor of a locked file would release this process's lock on it (POSIX record locks).
     */
    private static Object key(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return key != null ? key : Boolean.TRUE;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** This process as a lock's holder: its pid, host and start of the claim. */
    static String describe() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName();
        return "pid " + ProcessHandle.current().pid() + " on " + (jvm.contains("@") ? jvm.substring(jvm.indexOf('@') + 1)
                : "this host") + " since " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        int n = Math.max(0, channel.read(b, 0));
        String text = new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "holder unknown" : text;
    }

    /** Removes the lock file and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
