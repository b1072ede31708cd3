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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A little-endian binary stream to a file: meshes of a few gigabytes are written as they are made, never held in
 * memory. A few direct buffers circulate between the caller, who fills one, and a writer thread, which drains the
 * full ones into the file, so that making triangles and the write system calls overlap and the export runs at
 * about the speed of a plain write.
 */
final class MeshChannel implements Closeable {

    private static final int BUFFER = 1 << 22;
    private static final int BUFFERS = 3;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final FileChannel channel;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread writer;
    private volatile IOException failure;
    private ByteBuffer buffer;

    MeshChannel(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.CREATE);
        for (int i = 0; i < BUFFERS - 1; i++) {
            free.add(ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN));
        }
        buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
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

    private void handOver() throws IOException {
        check();
        try {
            full.put(buffer);
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
            if (failure == null && writer.isAlive()) {
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
