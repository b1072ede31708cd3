package org.defocusj.surface;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.defocusj.depth.Workers;

/**
 * A little-endian binary stream to a file: meshes of a few gigabytes are written as they are made, never held in
 * memory. A few direct buffers circulate between their fillers and a writer thread, which drains the full ones
 * into the file in the order they were filled. Small parts (headers) are put by the caller ({@link #room});
 * the bulk, vertex rows and triangle rows, is encoded in bands of rows by worker threads ({@link #bands}), so
 * that encoding, which alone takes longer than the write on one core, overlaps the write system calls and the
 * export runs at about the speed of a plain write. Since a band's bytes depend on its rows only, the file is
 * the same whatever the number of threads.
 */
final class MeshChannel implements Closeable {

    private static final int BUFFER = 1 << 22;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final FileChannel channel;
    private final int threads;
    private final BlockingQueue<ByteBuffer> free;
    private final BlockingQueue<ByteBuffer> full;
    private final Thread writer;
    private volatile IOException failure;
    private ByteBuffer buffer;

    /** @param threads how many threads encode {@link #bands} (1: the caller's) */
    MeshChannel(Path file, int threads) throws IOException {
        this.threads = Math.max(1, threads);
        // One band per encoding thread plus two for the writer (one being written, one queued): memory stays a
        // few buffers, and no encoder waits for the disk unless the disk is the slower.
        int buffers = this.threads + 2;
        free = new ArrayBlockingQueue<>(buffers);
        full = new ArrayBlockingQueue<>(buffers + 1);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.CREATE);
        for (int i = 0; i < buffers - 1; i++) {
            free.add(allocate(BUFFER));
        }
        buffer = allocate(BUFFER);
        writer = new Thread(this::drainLoop, "mesh writer " + file.getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    private void drainLoop() {
        try {
            while (true) {
                ByteBuffer b = full.take();
                if (b == END) {
                    return;
                }
                b.flip();
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                b.clear();
                free.put(b);
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("mesh writer interrupted");
        }
    }

    /** Makes room for {@code bytes} more (at most the buffer's size). */
    ByteBuffer room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            handOver();
            buffer = take();
        }
        return buffer;
    }

    void ascii(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        room(b.length).put(b);
    }

    /** Encodes rows {@code [from, to)} into {@code into}; the rows' bytes depend on nothing else. */
    interface Encoder {
        void encode(int from, int to, ByteBuffer into);
    }

    /**
     * Appends rows {@code [0, rows)}, encoded in bands of consecutive rows by this channel's threads, in row
     * order, while earlier bands are being written.
     *
     * @param rowBytes at most how many bytes one row encodes to
     */
    void bands(int rows, long rowBytes, Encoder encoder) throws IOException {
        long perRow = Math.max(1, rowBytes);
        int band = (int) Math.max(1, Math.min(rows, BUFFER / perRow));
        long capacity = band * perRow;
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IOException("a mesh row of " + rowBytes + " bytes is too long to encode");
        }
        handOver(buffer);
        buffer = null;
        ExecutorService pool = threads > 1 ? Workers.pool(threads, "mesh encoder") : null;
        Deque<Future<ByteBuffer>> pending = new ArrayDeque<>();
        try {
            for (int from = 0; from < rows; from += band) {
                int a = from;
                int b = Math.min(rows, from + band);
                if (pending.size() >= threads) {
                    handOver(Workers.await(pending.poll()));
                }
                ByteBuffer into = take();
                if (into.capacity() < capacity) {
                    into = allocate((int) capacity);
                }
                ByteBuffer target = into;
                if (pool == null) {
                    encoder.encode(a, b, target);
                    handOver(target);
                } else {
                    pending.add(pool.submit(() -> {
                        encoder.encode(a, b, target);
                        return target;
                    }));
                }
            }
            while (!pending.isEmpty()) {
                handOver(Workers.await(pending.poll()));
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        buffer = take();
    }

    private static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void handOver() throws IOException {
        handOver(buffer);
    }

    private void handOver(ByteBuffer full) throws IOException {
        check();
        try {
            this.full.put(full);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a mesh");
        }
    }

    private ByteBuffer take() throws IOException {
        try {
            while (true) {
                ByteBuffer b = free.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a mesh");
        }
    }

    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (!writer.isAlive()) {
            throw new IOException("mesh writer stopped");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (failure == null && writer.isAlive() && buffer != null) {
                handOver();
            }
            full.offer(END);
            writer.join();
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing a mesh");
        } finally {
            channel.close();
        }
    }
}
