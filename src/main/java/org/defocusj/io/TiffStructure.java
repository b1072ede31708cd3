package org.defocusj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.defocusj.BadInputException;

/**
 * The structure of a TIFF or BigTIFF file, walked and checked before any decoder sees it: the chain of pages
 * (IFDs) and, for each page, its size, samples, compression and where its strips or tiles lie. No pixels are
 * decoded here. ImageJ's decoder follows a page chain that loops back on itself forever, allocates whatever a
 * damaged header declares and reads a truncated file into a stack that merely looks short; this walk refuses
 * such files with a message that says what is wrong, so that no decoder ever sees them. Every read is bounded
 * by the file's length and every allocation by the values checked against it.
 */
final class TiffStructure {

    /** More pages than any focus stack has; a bound on the walk even where the file could describe more. */
    static final int MAX_PAGES = 1 << 20;

    private static final int TAG_SUBFILE_TYPE = 254;
    private static final int TAG_WIDTH = 256;
    private static final int TAG_LENGTH = 257;
    private static final int TAG_BITS = 258;
    private static final int TAG_COMPRESSION = 259;
    private static final int TAG_PHOTOMETRIC = 262;
    private static final int TAG_DESCRIPTION = 270;
    private static final int TAG_STRIP_OFFSETS = 273;
    private static final int TAG_SAMPLES = 277;
    private static final int TAG_ROWS_PER_STRIP = 278;
    private static final int TAG_STRIP_BYTES = 279;
    private static final int TAG_X_RESOLUTION = 282;
    private static final int TAG_Y_RESOLUTION = 283;
    private static final int TAG_PLANAR = 284;
    private static final int TAG_RESOLUTION_UNIT = 296;
    private static final int TAG_PREDICTOR = 317;
    private static final int TAG_TILE_WIDTH = 322;
    private static final int TAG_TILE_LENGTH = 323;
    private static final int TAG_TILE_OFFSETS = 324;
    private static final int TAG_TILE_BYTES = 325;
    private static final int TAG_EXTRA_SAMPLES = 338;
    private static final int TAG_SAMPLE_FORMAT = 339;
    private static final int TAG_SOFTWARE = 305;
    private static final int TAG_DATE_TIME = 306;
    private static final int TAG_ARTIST = 315;
    private static final int TAG_HOST_COMPUTER = 316;
    /** ImageJ's own metadata: the byte length of each block, and the blocks (a header, then labels, ranges...). */
    private static final int TAG_IMAGEJ_META_COUNTS = 50838;
    private static final int TAG_IMAGEJ_META = 50839;
    private static final int IMAGEJ_META_MAGIC = 0x494a494a; // "IJIJ"
    /** Header sizes ImageJ's decoder accepts; it ignores the block otherwise. */
    private static final int IMAGEJ_META_MIN_HEADER = 12;
    private static final int IMAGEJ_META_MAX_HEADER = 804;
    /** More metadata blocks than ImageJ writes for any stack (a few per slice at most). */
    private static final int MAX_IMAGEJ_META_BLOCKS = 4 * MAX_PAGES;

    static final int PHOTOMETRIC_RGB = 2;
    static final int PHOTOMETRIC_PALETTE = 3;
    static final int PHOTOMETRIC_YCBCR = 6;
    static final int SAMPLE_UINT = 1;
    static final int SAMPLE_INT = 2;
    static final int SAMPLE_FLOAT = 3;

    /** Text tags ImageJ's decoder reads from the first page, allocating their count minus one bytes. */
    private static final int[] IMAGEJ_TEXT_TAGS = {TAG_DESCRIPTION, TAG_SOFTWARE, TAG_DATE_TIME, TAG_ARTIST,
        TAG_HOST_COMPUTER};

    /** Compressions ImageJ 1.x decodes itself: none, LZW, Deflate (both codes), PackBits. */
    private static final int[] IMAGEJ_COMPRESSIONS = {1, 5, 8, 32946, 32773};
    /** Compressions TwelveMonkeys decodes: those, CCITT (2, 3, 4), old and new JPEG (6, 7), PixTIFF ZIP. */
    private static final int[] LIBRARY_COMPRESSIONS = {1, 2, 3, 4, 5, 6, 7, 8, 32946, 32773, 50013};

    /** One page (image file directory) of the chain. */
    static final class Page {
        final int number; // 1-based position in the chain, as messages name it
        long width;
        long height;
        int samplesPerPixel = 1;
        int bitsPerSample = 1;
        boolean uniformBits = true;
        int sampleFormat = SAMPLE_UINT;
        int compression = 1;
        int photometric = -1;
        int planar = 1;
        int predictor = 1;
        int extraSamples;
        long subfileType;
        boolean tiled;
        long firstDataOffset = -1;
        /** Uncompressed strips that follow each other without gaps, as ImageJ's stack reader assumes. */
        boolean contiguous = true;

        Page(int number) {
            this.number = number;
        }

        /** A reduced-resolution copy or a transparency mask, not a slice of the stack. */
        boolean isAuxiliary() {
            return (subfileType & 0b101) != 0;
        }

        boolean isColour() {
            return photometric == PHOTOMETRIC_RGB || photometric == PHOTOMETRIC_YCBCR
                    || (photometric == -1 && samplesPerPixel >= 3);
        }

        /** Channels of one page as DefocusJ holds it: 3 for colour, else the samples that are not extras. */
        int channels() {
            return isColour() ? 3 : Math.max(1, samplesPerPixel - extraSamples);
        }

        /** Bytes of memory one pixel takes once read (packed int for 8-bit colour, float beyond 16 bits). */
        int decodedBytesPerPixel() {
            if (isColour() && bitsPerSample <= 8 || photometric == PHOTOMETRIC_PALETTE) {
                return 4;
            }
            int perSample = bitsPerSample <= 8 ? 1 : bitsPerSample <= 16 && sampleFormat != SAMPLE_FLOAT ? 2 : 4;
            return perSample * channels();
        }

        boolean sameLayout(Page o) {
            return width == o.width && height == o.height && samplesPerPixel == o.samplesPerPixel
                    && bitsPerSample == o.bitsPerSample && sampleFormat == o.sampleFormat
                    && photometric == o.photometric && planar == o.planar;
        }

        String describe() {
            String type = sampleFormat == SAMPLE_FLOAT ? bitsPerSample + "-bit float"
                    : bitsPerSample + "-bit" + (sampleFormat == SAMPLE_INT ? " signed" : "");
            return width + " x " + height + " " + type + (isColour() ? " RGB" : channels() > 1 ? " x " + channels() : "");
        }
    }

    private final Path file;
    private final boolean bigTiff;
    private final List<Page> pages;
    private final String description;
    private final double xResolution;
    private final double yResolution;
    private final int resolutionUnit;

    private TiffStructure(Path file, boolean bigTiff, List<Page> pages, String description,
            double xResolution, double yResolution, int resolutionUnit) {
        this.file = file;
        this.bigTiff = bigTiff;
        this.pages = Collections.unmodifiableList(pages);
        this.description = description;
        this.xResolution = xResolution;
        this.yResolution = yResolution;
        this.resolutionUnit = resolutionUnit;
    }

    /** True when the file starts like a TIFF or a BigTIFF ({@code II*\0}, {@code MM\0*}, {@code II+\0}, {@code MM\0+}). */
    static boolean isTiff(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill
            }
            if (b.hasRemaining()) {
                return false;
            }
            byte[] h = b.array();
            boolean ii = h[0] == 'I' && h[1] == 'I' && h[3] == 0 && (h[2] == 42 || h[2] == 43);
            boolean mm = h[0] == 'M' && h[1] == 'M' && h[2] == 0 && (h[3] == 42 || h[3] == 43);
            return ii || mm;
        } catch (IOException e) {
            return false;
        }
    }

    /** Walks and checks the whole structure; a damaged, truncated or absurd file is a {@link BadInputException}. */
    static TiffStructure read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Walker(file, ch).walk();
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read file (" + e.getMessage() + ")", e);
        }
    }

    Path file() {
        return file;
    }

    boolean isBigTiff() {
        return bigTiff;
    }

    /** Every page of the chain, in order. */
    List<Page> pages() {
        return pages;
    }

    /** The pages that are slices: without reduced-resolution copies and masks. */
    List<Page> stackPages() {
        List<Page> out = new ArrayList<>();
        for (Page p : pages) {
            if (!p.isAuxiliary()) {
                out.add(p);
            }
        }
        return out;
    }

    /** The ImageDescription of the first page (at most 64 KiB of it), or null. */
    String description() {
        return description;
    }

    /** Pixels per resolution unit along x, or 0 when the file does not say. */
    double xResolution() {
        return xResolution;
    }

    double yResolution() {
        return yResolution;
    }

    /** 1 none, 2 inch, 3 centimetre (TIFF's ResolutionUnit; 2 when absent). */
    int resolutionUnit() {
        return resolutionUnit;
    }

    /**
     * The image count ImageJ takes from its own description ({@code images=N}) instead of following the page
     * chain (so that stacks over 4 GB need only one page), or 0 when ImageJ follows the chain.
     */
    int imageJImageCount() {
        if (description == null || !description.startsWith("ImageJ") || description.length() < 8
                || description.charAt(7) == '\n' || pages.get(0).compression != 1) {
            return 0;
        }
        String n = imageJValue(description, "images");
        if (n == null) {
            return 0;
        }
        try {
            int images = (int) Double.parseDouble(n);
            return images > 1 ? images : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The value of {@code key=value} on a line of an ImageJ description, or null. */
    static String imageJValue(String description, String key) {
        for (String line : description.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).trim().equals(key)) {
                return line.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /**
     * True when ImageJ 1.x's own decoder reads the file as it is: a classic TIFF whose slices all have one layout,
     * in strips, with a compression, sample type and page order its stack reader handles. Everything else (BigTIFF,
     * tiles, JPEG, 16-bit or float RGB, 64-bit floats, planar colour, thumbnails...) goes to the library decoder.
     */
    boolean imageJReads() {
        if (bigTiff) {
            return false;
        }
        Page first = pages.get(0);
        long expectedOffset = -1;
        for (Page p : pages) {
            if (p.isAuxiliary() || p.tiled || !contains(IMAGEJ_COMPRESSIONS, p.compression) || p.predictor > 2
                    || !p.uniformBits || !p.sameLayout(first) || !p.contiguous) {
                return false;
            }
            boolean grey = p.samplesPerPixel == 1 && (p.bitsPerSample == 1 || p.bitsPerSample == 8
                    || p.bitsPerSample == 16 && p.sampleFormat != SAMPLE_FLOAT
                    || p.bitsPerSample == 32);
            boolean rgb8 = p.photometric == PHOTOMETRIC_RGB && p.bitsPerSample == 8 && p.planar == 1
                    && (p.samplesPerPixel == 3 || p.samplesPerPixel == 4);
            if (!grey && !rgb8) {
                return false;
            }
            // ImageJ streams uncompressed pages in file order and stops at the first one that lies earlier.
            if (p.compression == 1) {
                if (p.firstDataOffset < expectedOffset) {
                    return false;
                }
                expectedOffset = p.firstDataOffset + p.width * p.height * Math.max(1, p.bitsPerSample / 8)
                        * p.samplesPerPixel;
            }
        }
        return true;
    }

    /** The name of a compression that no decoder here reads, used by some page, or null. */
    String unsupportedCompression() {
        for (Page p : stackPages()) {
            if (!contains(LIBRARY_COMPRESSIONS, p.compression)) {
                return compressionName(p.compression);
            }
        }
        return null;
    }

    static String compressionName(int code) {
        switch (code) {
            case 50000: return "Zstandard (50000)";
            case 34925: return "LZMA (34925)";
            case 50001: return "WebP (50001)";
            case 50002: case 52546: return "JPEG XL (" + code + ")";
            case 33003: case 33004: case 33005: case 34712: return "JPEG 2000 (" + code + ")";
            case 34887: return "LERC (34887)";
            case 34933: return "PNG (34933)";
            default: return "code " + code;
        }
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** The walk itself; one per read. */
    private static final class Walker {

        private final Path file;
        private final FileChannel ch;
        private final long length;
        private ByteOrder order;
        private boolean big;
        /** The block lengths of ImageJ's metadata, kept from page to page as ImageJ's decoder keeps them. */
        private int[] imageJMetaCounts;

        Walker(Path file, FileChannel ch) throws IOException {
            this.file = file;
            this.ch = ch;
            this.length = ch.size();
        }

        TiffStructure walk() throws IOException {
            if (length < 8) {
                throw damaged("truncated TIFF (" + length + " bytes, shorter than a TIFF header)");
            }
            ByteBuffer h = readAt(0, 16 <= length ? 16 : 8, "the header");
            byte b0 = h.get(0);
            order = b0 == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            h.order(order);
            int magic = h.getShort(2) & 0xffff;
            long first;
            if (magic == 43) {
                big = true;
                if (length < 16 || (h.getShort(4) & 0xffff) != 8) {
                    throw damaged("damaged BigTIFF header");
                }
                first = h.getLong(8);
            } else {
                first = h.getInt(4) & 0xffffffffL;
            }
            List<Page> pages = new ArrayList<>();
            Map<Long, Integer> seen = new HashMap<>();
            String description = null;
            double[] resolution = {0, 0};
            int resolutionUnit = 2;
            long next = first;
            long decoded = 0;
            while (next != 0) {
                int number = pages.size() + 1;
                Integer before = seen.put(next, number);
                if (before != null) {
                    throw damaged("damaged TIFF (its chain of pages loops: page " + (number - 1)
                            + " points back to page " + before + ")");
                }
                if (number > MAX_PAGES) {
                    throw damaged("damaged TIFF (more than " + MAX_PAGES + " pages)");
                }
                if (next < (big ? 16 : 8) || next >= length) {
                    throw damaged(next >= length
                            ? "truncated or damaged TIFF (page " + number + " starts past the end of the file)"
                            : "damaged TIFF (page " + number + " would start inside the header)");
                }
                Map<Integer, Entry> tags = new HashMap<>();
                next = readDirectory(next, number, tags);
                if (!big) {
                    checkImageJMetadata(number, tags);
                }
                Page page = page(number, tags);
                if (number == 1) {
                    description = ascii(tags.get(TAG_DESCRIPTION));
                    resolution[0] = rational(tags.get(TAG_X_RESOLUTION));
                    resolution[1] = rational(tags.get(TAG_Y_RESOLUTION));
                    resolutionUnit = (int) scalar(tags, TAG_RESOLUTION_UNIT, 2);
                }
                pages.add(page);
                if (!page.isAuxiliary()) {
                    decoded = addChecked(decoded, page, 1);
                }
            }
            if (pages.isEmpty()) {
                throw damaged("damaged TIFF (it has no pages)");
            }
            TiffStructure s = new TiffStructure(file, big, pages, description, resolution[0], resolution[1],
                    resolutionUnit);
            if (s.stackPages().isEmpty()) {
                throw damaged("damaged TIFF (its NewSubfileType tags mark every page as a reduced-resolution copy "
                        + "or a mask, none as the image itself)");
            }
            checkImageJImages(s, decoded);
            return s;
        }

        /** ImageJ reads {@code images=N} contiguous images from the first page's data: they must all be there. */
        private void checkImageJImages(TiffStructure s, long decodedFromPages) {
            int n = s.imageJImageCount();
            Page p = s.pages.get(0);
            if (n <= s.pages.size()) {
                return;
            }
            long plane = p.width * p.height * ((p.bitsPerSample + 7) / 8) * p.samplesPerPixel;
            if (plane > 0 && (length - p.firstDataOffset) / plane < n) {
                long whole = Math.max(0, (length - p.firstDataOffset) / plane);
                throw damaged("truncated TIFF (image " + (whole + 1) + " of the " + n
                        + " its ImageJ header declares ends past the end of the file)");
            }
            addChecked(0, p, n);
        }

        /** Adds {@code count} pages like {@code page} to the memory needed, refusing what the heap cannot hold. */
        private long addChecked(long decodedSoFar, Page page, long count) {
            long bytes = page.width * page.height * page.decodedBytesPerPixel();
            long total = decodedSoFar + count * (bytes + 256);
            long max = Runtime.getRuntime().maxMemory();
            if (total > max) {
                throw damaged(String.format(Locale.ROOT, "reading it needs about %s (%s pages of %s), more than "
                        + "the %s Java may use (java -Xmx, or Fiji's Edit > Options > Memory & Threads)",
                        size(total), count > 1 ? String.valueOf(count) : "at least " + page.number,
                        page.describe(), size(max)));
            }
            return total;
        }

        private static String size(long bytes) {
            if (bytes >= 1L << 30) {
                return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
            }
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }

        /** Reads the entries of the directory at {@code offset} into {@code tags}; returns the next offset. */
        private long readDirectory(long offset, int number, Map<Integer, Entry> tags) throws IOException {
            int countSize = big ? 8 : 2;
            int entrySize = big ? 20 : 12;
            int nextSize = big ? 8 : 4;
            if (offset + countSize > length) {
                throw truncatedDirectory(number);
            }
            ByteBuffer c = readAt(offset, countSize, "page " + number);
            long count = big ? c.getLong(0) : c.getShort(0) & 0xffff;
            if (count <= 0 || count > 65535) {
                throw damaged("damaged TIFF (page " + number + " has a directory of " + count + " entries)");
            }
            long bytes = count * entrySize + nextSize;
            if (offset + countSize + bytes > length) {
                throw truncatedDirectory(number);
            }
            ByteBuffer d = readAt(offset + countSize, (int) bytes, "page " + number);
            int inline = big ? 8 : 4;
            for (int i = 0; i < count; i++) {
                int at = i * entrySize;
                int tag = d.getShort(at) & 0xffff;
                int type = d.getShort(at + 2) & 0xffff;
                long n = big ? d.getLong(at + 4) : d.getInt(at + 4) & 0xffffffffL;
                int valueAt = at + (big ? 12 : 8);
                int size = typeSize(type);
                // A type this walk does not know is skipped, as readers do; but ImageJ's decoder still takes the
                // count of a tag it knows at face value (allocating it, reading that many values), so even then
                // the count must be one the file could hold.
                if (n < 0 || n > length / Math.max(1, size) + 1) {
                    throw damaged("damaged TIFF (page " + number + ": tag " + tag + " declares " + n + " values"
                            + (size == 0 ? " of unknown type " + type : "") + ")");
                }
                if (n == 0 && number == 1 && contains(IMAGEJ_TEXT_TAGS, tag)) {
                    throw damaged("damaged TIFF (page 1: text tag " + tag + " has no characters, not even its end)");
                }
                if (size == 0) {
                    if (tag == TAG_IMAGEJ_META_COUNTS || tag == TAG_IMAGEJ_META) {
                        // ImageJ reads these whatever their type, from the raw value field.
                        Entry e = new Entry(type, n);
                        e.inline = new byte[inline];
                        d.position(valueAt);
                        d.get(e.inline);
                        tags.put(tag, e);
                    }
                    continue;
                }
                Entry e = new Entry(type, n);
                if (n * size <= inline) {
                    e.inline = new byte[inline];
                    d.position(valueAt);
                    d.get(e.inline);
                } else {
                    e.offset = big ? d.getLong(valueAt) : d.getInt(valueAt) & 0xffffffffL;
                    if (e.offset < 0 || e.offset > length - n * size) {
                        throw damaged("truncated TIFF (page " + number + ": the values of tag " + tag
                                + " lie past the end of the file)");
                    }
                }
                tags.put(tag, e);
            }
            int nextAt = (int) (count * entrySize);
            return big ? d.getLong(nextAt) : d.getInt(nextAt) & 0xffffffffL;
        }

        /**
         * Checks ImageJ's metadata (tags 50838 and 50839) the way ImageJ's decoder will read it: that decoder
         * allocates every block length and every per-type count it finds there unchecked, so a damaged length
         * exhausts the heap and a damaged count indexes past the lengths. Offsets are taken as that decoder
         * takes them (the raw value field, even where the value is inline).
         */
        private void checkImageJMetadata(int number, Map<Integer, Entry> tags) throws IOException {
            String where = "page " + number + ": its ImageJ metadata ";
            Entry countsTag = tags.get(TAG_IMAGEJ_META_COUNTS);
            if (countsTag != null) {
                imageJMetaCounts = null;
                long n = countsTag.count;
                long at = imageJOffset(countsTag);
                if (n > MAX_IMAGEJ_META_BLOCKS) {
                    throw damaged("damaged TIFF (" + where + "declares " + n + " blocks)");
                }
                if (at + 4 * n > length) {
                    throw damaged("truncated TIFF (" + where + "lies past the end of the file)");
                }
                int[] counts = new int[(int) n];
                ByteBuffer b = readAt(at, 4 * (int) n, "the ImageJ metadata");
                long total = 0;
                for (int i = 0; i < n; i++) {
                    counts[i] = b.getInt(4 * i);
                    if (counts[i] < 0) {
                        throw damaged("damaged TIFF (" + where + "declares a block of " + counts[i] + " bytes)");
                    }
                    total += counts[i];
                }
                if (total > length) {
                    throw damaged("damaged TIFF (" + where + "declares " + total + " bytes in a file of "
                            + length + ")");
                }
                imageJMetaCounts = counts;
            }
            Entry meta = tags.get(TAG_IMAGEJ_META);
            int[] counts = imageJMetaCounts;
            if (meta == null || counts == null || counts.length == 0) {
                return;
            }
            int header = counts[0];
            if (header < IMAGEJ_META_MIN_HEADER || header > IMAGEJ_META_MAX_HEADER) {
                return; // ImageJ skips such a block
            }
            long loc = imageJOffset(meta);
            if (loc + header > length) {
                throw damaged("truncated TIFF (" + where + "lies past the end of the file)");
            }
            ByteBuffer h = readAt(loc, header, "the ImageJ metadata");
            if (h.getInt(0) != IMAGEJ_META_MAGIC) {
                return; // not ImageJ's: its decoder ignores it
            }
            long next = 1; // block 0 is this header; each type's blocks follow in turn
            for (int i = 0; i < (header - 4) / 8; i++) {
                int blocks = h.getInt(8 + 8 * i);
                // A type with no blocks still makes ImageJ read the length at its position.
                if (blocks < 0 || next + Math.max(1, blocks) > counts.length) {
                    throw damaged("damaged TIFF (" + where + "lists " + blocks + " blocks of a kind where "
                            + Math.max(0, counts.length - next) + " are left)");
                }
                next += blocks;
            }
            long bytes = 0;
            for (int i = 0; i < next; i++) {
                bytes += counts[i];
            }
            if (loc + bytes > length) {
                throw damaged("truncated TIFF (" + where + "runs past the end of the file)");
            }
            long max = Runtime.getRuntime().maxMemory();
            if (3 * bytes > max / 2) {
                throw damaged(String.format(Locale.ROOT, "damaged TIFF (%sdeclares %s, more than Java may use "
                        + "to read it: %s)", where, size(bytes), size(max)));
            }
        }

        /** Where ImageJ's decoder looks for an entry's values: its raw value field as an unsigned offset. */
        private long imageJOffset(Entry e) {
            if (e.inline == null) {
                return e.offset;
            }
            ByteBuffer b = ByteBuffer.wrap(e.inline).order(order);
            return e.type == 3 && e.count == 1 ? b.getShort(0) & 0xffff : b.getInt(0) & 0xffffffffL;
        }

        private BadInputException truncatedDirectory(int number) {
            return damaged("truncated TIFF (the directory of page " + number + " runs past the end of the file)");
        }

        private Page page(int number, Map<Integer, Entry> tags) throws IOException {
            Page p = new Page(number);
            if (!tags.containsKey(TAG_WIDTH) || !tags.containsKey(TAG_LENGTH)) {
                throw damaged("damaged TIFF (page " + number + " has no image width or length)");
            }
            p.width = scalar(tags, TAG_WIDTH, 0);
            p.height = scalar(tags, TAG_LENGTH, 0);
            p.subfileType = scalar(tags, TAG_SUBFILE_TYPE, 0);
            p.samplesPerPixel = (int) Math.min(Integer.MAX_VALUE, scalar(tags, TAG_SAMPLES, 1));
            p.compression = (int) scalar(tags, TAG_COMPRESSION, 1);
            p.photometric = (int) scalar(tags, TAG_PHOTOMETRIC, -1);
            p.planar = (int) scalar(tags, TAG_PLANAR, 1);
            p.predictor = (int) scalar(tags, TAG_PREDICTOR, 1);
            Entry bits = tags.get(TAG_BITS);
            p.bitsPerSample = (int) (bits == null ? 1 : value(bits, 0));
            if (bits != null) {
                for (int i = 1; i < Math.min(bits.count, p.samplesPerPixel); i++) {
                    p.uniformBits &= value(bits, i) == p.bitsPerSample;
                }
            }
            p.sampleFormat = (int) scalar(tags, TAG_SAMPLE_FORMAT, SAMPLE_UINT);
            Entry extra = tags.get(TAG_EXTRA_SAMPLES);
            p.extraSamples = extra == null ? 0 : (int) Math.min(extra.count, p.samplesPerPixel);
            String where = "damaged TIFF (page " + number + " ";
            if (p.width < 1 || p.height < 1) {
                throw damaged(where + "is " + p.width + " x " + p.height + " pixels)");
            }
            if (p.width * p.height > Integer.MAX_VALUE - 8) {
                throw damaged("page " + number + " is " + p.width + " x " + p.height + " pixels, more than one "
                        + "plane can hold (at most 2^31 pixels; crop or bin the stack first)");
            }
            if (p.samplesPerPixel < 1 || p.samplesPerPixel > 1024) {
                throw damaged(where + "has " + p.samplesPerPixel + " samples per pixel)");
            }
            if (p.bitsPerSample < 1 || p.bitsPerSample > 64) {
                throw damaged(where + "has " + p.bitsPerSample + " bits per sample)");
            }
            if (p.planar != 1 && p.planar != 2) {
                throw damaged(where + "has planar configuration " + p.planar + ")");
            }
            if (p.sampleFormat < 1 || p.sampleFormat > 4) {
                throw new BadInputException(file + ": page " + number + " has complex or unknown samples (TIFF "
                        + "SampleFormat " + p.sampleFormat + "; expected integers or real floating point)");
            }
            p.tiled = tags.containsKey(TAG_TILE_OFFSETS) || tags.containsKey(TAG_TILE_WIDTH);
            checkData(p, tags);
            return p;
        }

        /** Every strip or tile must lie inside the file; uncompressed ones must be as long as their pixels. */
        private void checkData(Page p, Map<Integer, Entry> tags) throws IOException {
            int planes = p.planar == 2 ? p.samplesPerPixel : 1;
            int samplesPerPlane = p.planar == 2 ? 1 : p.samplesPerPixel;
            long blocks;
            long blockWidth;
            long blockRows;
            Entry offsets;
            Entry counts;
            if (p.tiled) {
                blockWidth = scalar(tags, TAG_TILE_WIDTH, 0);
                blockRows = scalar(tags, TAG_TILE_LENGTH, 0);
                if (blockWidth < 1 || blockRows < 1 || blockWidth * blockRows > Integer.MAX_VALUE) {
                    throw damaged("damaged TIFF (page " + p.number + " has tiles of " + blockWidth + " x "
                            + blockRows + " pixels)");
                }
                blocks = ceilDiv(p.width, blockWidth) * ceilDiv(p.height, blockRows) * planes;
                offsets = tags.get(TAG_TILE_OFFSETS);
                counts = tags.get(TAG_TILE_BYTES);
            } else {
                blockWidth = p.width;
                long rps = scalar(tags, TAG_ROWS_PER_STRIP, p.height);
                blockRows = rps < 1 || rps > p.height ? p.height : rps;
                blocks = ceilDiv(p.height, blockRows) * planes;
                offsets = tags.get(TAG_STRIP_OFFSETS);
                counts = tags.get(TAG_STRIP_BYTES);
            }
            String unit = p.tiled ? "tiles" : "strips";
            if (offsets == null || offsets.count < blocks) {
                throw damaged("damaged TIFF (page " + p.number + " has " + (offsets == null ? 0 : offsets.count)
                        + " " + unit + ", expected " + blocks + " for its " + p.width + " x " + p.height + " pixels)");
            }
            if (counts == null && p.compression != 1) {
                throw damaged("damaged TIFF (page " + p.number + " has compressed " + unit + " of unknown length)");
            }
            if (counts != null && counts.count < blocks) {
                throw damaged("damaged TIFF (page " + p.number + " has " + counts.count + " " + unit
                        + " lengths for " + blocks + " " + unit + ")");
            }
            long rowBytes = ceilDiv(blockWidth * samplesPerPlane * p.bitsPerSample, 8);
            ValueCursor off = new ValueCursor(offsets);
            ValueCursor len = counts == null ? null : new ValueCursor(counts);
            long end = -1;
            for (long i = 0; i < blocks; i++) {
                long o = off.next();
                long declared = len == null ? -1 : len.next();
                long need = declared;
                if (p.compression == 1) {
                    long rows = p.tiled ? blockRows : Math.min(blockRows, p.height - (i % (blocks / planes)) * blockRows);
                    need = rowBytes * rows;
                }
                if (declared == 0 && need == 0) {
                    continue;
                }
                if (o < 0 || need < 0 || o > length || need > length - o) {
                    throw damaged("truncated TIFF (page " + p.number + " ends past the end of the file)");
                }
                if (i == 0) {
                    p.firstDataOffset = o;
                } else if (o != end) {
                    p.contiguous = false;
                }
                end = o + need;
            }
        }

        private static long ceilDiv(long a, long b) {
            return (a + b - 1) / b;
        }

        private BadInputException damaged(String what) {
            return new BadInputException(file + ": " + what);
        }

        private ByteBuffer readAt(long pos, int n, String what) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw damaged("truncated TIFF (" + what + " runs past the end of the file)");
                }
            }
            b.flip();
            return b.order(order == null ? ByteOrder.BIG_ENDIAN : order);
        }

        private long scalar(Map<Integer, Entry> tags, int tag, long fallback) throws IOException {
            Entry e = tags.get(tag);
            return e == null || e.count == 0 ? fallback : value(e, 0);
        }

        /** Element {@code i} of an integer entry, unsigned (the first element of a rational for rationals). */
        private long value(Entry e, long i) throws IOException {
            int size = typeSize(e.type);
            ByteBuffer b = e.inline != null ? ByteBuffer.wrap(e.inline).order(order)
                    : readAt(e.offset + i * size, size, "a tag value");
            int at = e.inline != null ? (int) (i * size) : 0;
            switch (e.type) {
                case 1: case 2: case 6: case 7:
                    return b.get(at) & 0xff;
                case 3: case 8:
                    return b.getShort(at) & 0xffff;
                case 4: case 9: case 13: case 5: case 10:
                    return b.getInt(at) & 0xffffffffL;
                case 16: case 17: case 18:
                    return b.getLong(at);
                case 11:
                    return (long) b.getFloat(at);
                case 12:
                    return (long) b.getDouble(at);
                default:
                    return 0;
            }
        }

        private double rational(Entry e) throws IOException {
            if (e == null || e.count == 0) {
                return 0;
            }
            if (e.type == 5) {
                ByteBuffer b = e.inline != null ? ByteBuffer.wrap(e.inline).order(order) : readAt(e.offset, 8, "a tag");
                long num = b.getInt(0) & 0xffffffffL;
                long den = b.getInt(4) & 0xffffffffL;
                return den == 0 ? 0 : num / (double) den;
            }
            return value(e, 0);
        }

        private String ascii(Entry e) throws IOException {
            if (e == null || e.type != 2 || e.count == 0) {
                return null;
            }
            int n = (int) Math.min(e.count, 1 << 16);
            byte[] bytes;
            if (e.inline != null) {
                bytes = e.inline;
                n = (int) Math.min(n, bytes.length);
            } else {
                bytes = readAt(e.offset, n, "the image description").array();
            }
            int end = 0;
            while (end < n && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }

        /** Reads the elements of an integer array entry in turn, in chunks, however long the array. */
        private final class ValueCursor {
            private final Entry e;
            private final int size;
            private ByteBuffer chunk;
            private long index;

            ValueCursor(Entry e) {
                this.e = e;
                this.size = typeSize(e.type);
            }

            long next() throws IOException {
                if (e.type != 3 && e.type != 4 && e.type != 16 && e.type != 13 && e.type != 18) {
                    throw damaged("damaged TIFF (strip or tile offsets of type " + e.type + ")");
                }
                if (e.inline != null) {
                    return valueOf(ByteBuffer.wrap(e.inline).order(order), (int) (index++ * size));
                }
                if (chunk == null || !chunk.hasRemaining()) {
                    long left = e.count - index;
                    int n = (int) Math.min(left, 8192) * size;
                    chunk = readAt(e.offset + index * size, n, "the strip table");
                }
                index++;
                long v = valueOf(chunk, chunk.position());
                chunk.position(chunk.position() + size);
                return v;
            }

            private long valueOf(ByteBuffer b, int at) {
                switch (size) {
                    case 2: return b.getShort(at) & 0xffff;
                    case 4: return b.getInt(at) & 0xffffffffL;
                    default: return b.getLong(at);
                }
            }
        }
    }

    /** One directory entry: its type, count, and its value bytes when they fit inline, else where they lie. */
    private static final class Entry {
        final int type;
        final long count;
        byte[] inline;
        long offset;

        Entry(int type, long count) {
            this.type = type;
            this.count = count;
        }
    }

    /** Bytes of one value of a TIFF field type, or 0 for types this walk does not know. */
    private static int typeSize(int type) {
        switch (type) {
            case 1: case 2: case 6: case 7:
                return 1;
            case 3: case 8:
                return 2;
            case 4: case 9: case 11: case 13:
                return 4;
            case 5: case 10: case 12: case 16: case 17: case 18:
                return 8;
            default:
                return 0;
        }
    }
}
