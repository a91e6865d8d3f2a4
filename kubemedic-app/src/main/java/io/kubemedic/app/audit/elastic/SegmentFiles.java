package io.kubemedic.app.audit.elastic;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** File-level helpers of {@link DiskBacklog}: segment names, reading whole lines, repairing a torn last line. */
final class SegmentFiles {

    /** A line of a segment and the offset just past its newline. */
    record Line(String text, long segment, long end) {
    }

    private static final Pattern NAME = Pattern.compile("segment-(\\d{19})\\.ndjson");

    private SegmentFiles() {
    }

    /** Creates {@code dir} and locks it, so two processes (or two sinks) never interleave one backlog. */
    static FileLock lock(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("audit backlog " + dir + " is in use by another sink");
        }
        return lock;
    }

    static Path path(Path dir, long seq) {
        return dir.resolve("segment-%019d.ndjson".formatted(seq));
    }

    /** The sequence number of a segment file, or -1 for any other file. */
    static long seq(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Whole lines from {@code from} up to {@code size}: at most {@code maxLines}, and no more than {@code maxBytes}
     * unless {@code takeOne} lets a first, larger line through.
     */
    static List<Line> read(Path dir, long seq, long from, long size, int maxLines, long maxBytes, boolean takeOne)
            throws IOException {
        List<Line> out = new ArrayList<>();
        if (from >= size || maxLines <= 0) {
            return out;
        }
        try (FileChannel ch = FileChannel.open(path(dir, seq), StandardOpenOption.READ)) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(from)), 64 * 1024);
            ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
            long pos = from;
            while (pos < size && out.size() < maxLines) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("audit backlog segment " + path(dir, seq) + " is shorter than recorded");
                }
                pos++;
                if (b != '\n') {
                    buf.write(b);
                    continue;
                }
                if (pos - from > maxBytes && !(takeOne && out.isEmpty())) {
                    break;
                }
                out.add(new Line(buf.toString(StandardCharsets.UTF_8), seq, pos));
                buf.reset();
            }
        }
        return out;
    }

    /** How many newlines lie between {@code from} and {@code size}. */
    static long countLines(Path dir, long seq, long from, long size) throws IOException {
        long lines = 0;
        try (FileChannel ch = FileChannel.open(path(dir, seq), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long pos = from;
            while (pos < size) {
                buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException("audit backlog segment " + path(dir, seq) + " is shorter than recorded");
                }
                for (int i = 0; i < n; i++) {
                    lines += buf.get(i) == '\n' ? 1 : 0;
                }
                pos += n;
            }
        }
        return lines;
    }

    /**
     * Cuts a last line that a crash left without its newline (its {@code accept} never returned, so nothing that was
     * acknowledged is lost) and returns the file's size after.
     */
    static long repairTail(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long end = size;
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (end > 0) {
                int n = (int) Math.min(buf.capacity(), end);
                buf.clear().limit(n);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, end - n + buf.position()) < 0) {
                        throw new IOException("audit backlog segment " + file + " shrank while being repaired");
                    }
                }
                for (int i = n - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        return truncate(ch, size, end - n + i + 1);
                    }
                }
                end -= n;
            }
            return truncate(ch, size, 0);
        }
    }

    private static long truncate(FileChannel ch, long size, long keep) throws IOException {
        if (keep < size) {
            ch.truncate(keep);
            ch.force(true);
        }
        return keep;
    }
}
