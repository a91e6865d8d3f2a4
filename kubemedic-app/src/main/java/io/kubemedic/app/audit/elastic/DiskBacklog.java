package io.kubemedic.app.audit.elastic;

import io.kubemedic.app.audit.elastic.SegmentFiles.Line;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A FIFO of lines on disk that survives a restart: append-only segment files {@code segment-<seq>.ndjson} and a
 * {@code cursor} file ({@code <seq> <offset>}) naming the first line not yet shipped, replaced atomically. Shipped
 * segments are deleted. A crash can at worst repeat lines after the cursor (the receiver is idempotent by
 * {@code _id}) or cut a half-written last line (repaired on open); it never skips a line. Only the bound drops lines,
 * oldest first, and says so in {@link Appended}.
 */
final class DiskBacklog implements AutoCloseable {

    /** What an append cost: lines dropped to stay within the bound, and the oldest of them (for the log). */
    record Appended(int dropped, String firstDropped) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileLock lock;
    private final TreeMap<Long, Long> sizes = new TreeMap<>();
    private FileChannel active;
    private long cursorSeq;
    private long cursorOffset;
    private long totalBytes;
    private long count;

    private DiskBacklog(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.clamp(maxBytes / 8, 1, 16L * 1024 * 1024);
        this.lock = SegmentFiles.lock(dir);
    }

    /** Opens (or creates) the backlog in {@code dir}, picking up what a previous run left; locks it against a second user. */
    static DiskBacklog open(Path dir, long maxBytes) throws IOException {
        DiskBacklog b = new DiskBacklog(dir, maxBytes);
        try {
            b.recover();
            return b;
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    synchronized long pending() {
        return count;
    }

    synchronized long pendingBytes() {
        return totalBytes - cursorOffset;
    }

    /** Writes a line (ending in a newline) and forces it to disk; drops the oldest lines first if it would not fit. */
    synchronized Appended append(byte[] line) throws IOException {
        if (line.length > maxBytes) {
            return new Appended(1, new String(line, StandardCharsets.UTF_8));
        }
        int dropped = 0;
        String first = null;
        while (count > 0 && pendingBytes() + line.length > maxBytes) {
            Line oldest = SegmentFiles.read(dir, cursorSeq, cursorOffset, sizes.get(cursorSeq), 1, 0, true).getFirst();
            first = first == null ? oldest.text() : first;
            cursorOffset = oldest.end();
            count--;
            dropped++;
            reclaim();
        }
        if (dropped > 0) {
            writeCursor();
        }
        long seq = sizes.lastKey();
        if (sizes.get(seq) >= segmentBytes) {
            seq = roll();
        }
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            active.write(buf);
        }
        active.force(false);
        sizes.merge(seq, (long) line.length, Long::sum);
        totalBytes += line.length;
        count++;
        return new Appended(dropped, first);
    }

    /** The oldest lines, without removing them: at most {@code maxLines} and {@code maxBytes}, but at least one. */
    synchronized List<Line> peek(int maxLines, long maxBytes) throws IOException {
        List<Line> out = new ArrayList<>();
        long from = cursorOffset;
        long budget = maxBytes;
        for (long seq : sizes.tailMap(cursorSeq, true).keySet()) {
            long size = sizes.get(seq);
            List<Line> part = SegmentFiles.read(dir, seq, from, size, maxLines - out.size(), budget, out.isEmpty());
            out.addAll(part);
            long end = part.isEmpty() ? from : part.getLast().end();
            budget -= end - from;
            if (end < size || out.size() >= maxLines || budget <= 0) {
                break;
            }
            from = 0;
        }
        return out;
    }

    /** Removes shipped lines (a prefix of the backlog); returns how many of them the bound had dropped meanwhile. */
    synchronized int commit(List<Line> shipped) throws IOException {
        int alreadyGone = (int) shipped.stream().filter(l -> !pendingAt(l)).count();
        if (alreadyGone < shipped.size()) {
            Line last = shipped.getLast();
            count -= shipped.size() - alreadyGone;
            cursorSeq = last.segment();
            cursorOffset = last.end();
            reclaim();
            writeCursor();
        }
        return alreadyGone;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (active != null && active.isOpen()) {
                active.force(false);
                active.close();
            }
        } finally {
            lock.channel().close(); // releases the lock
        }
    }

    private boolean pendingAt(Line l) {
        return l.segment() > cursorSeq || (l.segment() == cursorSeq && l.end() > cursorOffset);
    }

    /** Deletes segments the cursor has passed; a fully shipped active segment is replaced by a fresh one first. */
    private void reclaim() throws IOException {
        for (var it = sizes.headMap(cursorSeq, false).entrySet().iterator(); it.hasNext(); ) {
            var passed = it.next();
            totalBytes -= passed.getValue();
            Files.deleteIfExists(SegmentFiles.path(dir, passed.getKey()));
            it.remove();
        }
        if (cursorSeq == sizes.lastKey() && cursorOffset > 0 && cursorOffset >= sizes.get(cursorSeq)) {
            roll();
        }
        while (cursorSeq != sizes.lastKey() && cursorOffset >= sizes.get(cursorSeq)) {
            totalBytes -= sizes.remove(cursorSeq);
            Files.deleteIfExists(SegmentFiles.path(dir, cursorSeq));
            cursorSeq = sizes.higherKey(cursorSeq);
            cursorOffset = 0;
        }
    }

    private long roll() throws IOException {
        long seq = sizes.lastKey() + 1;
        FileChannel next = FileChannel.open(SegmentFiles.path(dir, seq), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (active != null) {
            active.close();
        }
        active = next;
        sizes.put(seq, 0L);
        return seq;
    }

    private void writeCursor() throws IOException {
        Path tmp = dir.resolve("cursor.tmp");
        Files.writeString(tmp, cursorSeq + " " + cursorOffset + "\n");
        Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (SegmentFiles.seq(p) >= 0) {
                    sizes.put(SegmentFiles.seq(p), Files.size(p));
                }
            }
        }
        readCursor();
        while (!sizes.isEmpty() && sizes.firstKey() < cursorSeq) {
            Files.deleteIfExists(SegmentFiles.path(dir, sizes.pollFirstEntry().getKey()));
        }
        if (sizes.isEmpty()) {
            long seq = Math.max(cursorSeq, 1);
            Files.newByteChannel(SegmentFiles.path(dir, seq), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING).close();
            sizes.put(seq, 0L);
        }
        if (sizes.firstKey() != cursorSeq) {
            cursorSeq = sizes.firstKey();
            cursorOffset = 0;
        }
        long last = sizes.lastKey();
        sizes.put(last, SegmentFiles.repairTail(SegmentFiles.path(dir, last)));
        cursorOffset = Math.min(cursorOffset, sizes.get(cursorSeq));
        totalBytes = sizes.values().stream().mapToLong(Long::longValue).sum();
        active = FileChannel.open(SegmentFiles.path(dir, last), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        long from = cursorOffset;
        for (long seq : sizes.tailMap(cursorSeq, true).keySet()) {
            count += SegmentFiles.countLines(dir, seq, from, sizes.get(seq));
            from = 0;
        }
    }

    /** A missing or damaged cursor means "from the start": shipping again is safe, skipping is not. */
    private void readCursor() throws IOException {
        Path file = dir.resolve("cursor");
        if (!Files.exists(file)) {
            return;
        }
        String[] parts = Files.readString(file).strip().split(" ");
        try {
            long seq = Long.parseLong(parts[0]);
            long offset = Long.parseLong(parts[1]);
            if (seq >= 0 && offset >= 0) {
                cursorSeq = seq;
                cursorOffset = offset;
            }
        } catch (RuntimeException e) {
            cursorSeq = 0;
            cursorOffset = 0;
        }
    }
}
