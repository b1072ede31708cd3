package org.defocusj.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.tiff.TiffMetadataReader;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.makernotes.CanonMakernoteDirectory;
import com.drew.metadata.exif.makernotes.NikonType2MakernoteDirectory;
import com.drew.metadata.exif.makernotes.OlympusFocusInfoMakernoteDirectory;

import org.defocusj.stack.Optics;

/**
 * The camera optics that a JPEG's or TIFF's EXIF records, read with metadata-extractor (reading only): focal
 * length, f-number, the sensor width, and the focus distance where the camera writes one. Values a file lacks are
 * NaN; a file without EXIF, or whose metadata cannot be parsed, gives {@link #NONE} (EXIF is a convenience, never a
 * reason to refuse a stack).
 *
 * <p>The sensor width comes from the focal-plane resolution when the camera records it (pixels per unit on the
 * sensor, for the EXIF image width: exact), else from the 35 mm-equivalent focal length f35: that equivalence is
 * defined on the diagonal (43.27 mm for 36 x 24 mm), so the width is {@code 43.27 * f / f35 * W / sqrt(W^2 + H^2)}
 * for a W x H image, {@code 36 * f / f35} at 3:2. Cameras round f35 to a whole millimetre and some compute it on the
 * width instead: a few per cent, hence approximate.
 *
 * <p>The focus distance: EXIF SubjectDistance (metres), else the maker notes metadata-extractor decodes: Canon's
 * FocusDistanceUpper/Lower (their mean), Nikon's ManualFocusDistance, Olympus' FocusInfo FocusDistance. All are
 * coarse (quantised by the lens' focus encoder), hence approximate too. SubjectDistanceRange (macro, close, distant)
 * is only a category: it is reported, never used as a distance.
 */
public final class ExifOptics {

    /** No EXIF optics. */
    public static final ExifOptics NONE = new ExifOptics(null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null,
            Double.NaN, null, null);

    /** Diagonal of the 36 x 24 mm frame that 35 mm-equivalent focal lengths refer to. */
    static final double FULL_FRAME_DIAGONAL_MM = Math.hypot(36, 24);

    private final String camera;
    private final double focalLengthMm;
    private final double fNumber;
    private final double focal35Mm;
    private final double sensorWidthMm;
    private final String sensorFrom;
    private final double focusDistanceM;
    private final String focusFrom;
    private final String distanceRange;

    private ExifOptics(String camera, double focalLengthMm, double fNumber, double focal35Mm, double sensorWidthMm,
            String sensorFrom, double focusDistanceM, String focusFrom, String distanceRange) {
        this.camera = camera;
        this.focalLengthMm = focalLengthMm;
        this.fNumber = fNumber;
        this.focal35Mm = focal35Mm;
        this.sensorWidthMm = sensorWidthMm;
        this.sensorFrom = sensorFrom;
        this.focusDistanceM = focusDistanceM;
        this.focusFrom = focusFrom;
        this.distanceRange = distanceRange;
    }

    /**
     * A TIFF's metadata read through random access: from a stream, metadata-extractor keeps every byte up to the
     * farthest IFD, and a stack's last IFD sits near its end (on top of the pixels already read, that doubled the
     * heap a 200-slice 2048² stack needs).
     */
    private static Metadata metadata(Path file) throws Exception {
        return TiffStructure.isTiff(file) ? TiffMetadataReader.readMetadata(file.toFile())
                : ImageMetadataReader.readMetadata(file.toFile());
    }

    /**
     * The EXIF optics of an image file {@code widthPx} x {@code heightPx} (the image as read, which may be a
     * downscaled copy of what the camera recorded).
     */
    public static ExifOptics read(Path file, int widthPx, int heightPx) {
        Metadata m;
        try {
            m = metadata(file);
        } catch (Exception | LinkageError e) {
            // Unparseable or unknown metadata: the pixels were read, so the stack is fine without it.
            return NONE;
        }
        ExifSubIFDDirectory exif = m.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        ExifIFD0Directory ifd0 = m.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (exif == null) {
            return NONE;
        }
        String camera = ifd0 == null ? null : join(ifd0.getString(ExifDirectoryBase.TAG_MAKE),
                ifd0.getString(ExifDirectoryBase.TAG_MODEL));
        double f = positive(rational(exif, ExifDirectoryBase.TAG_FOCAL_LENGTH));
        double n = positive(rational(exif, ExifDirectoryBase.TAG_FNUMBER));
        double f35 = positive(rational(exif, ExifDirectoryBase.TAG_35MM_FILM_EQUIV_FOCAL_LENGTH));
        double sensor = Double.NaN;
        String sensorFrom = null;
        double planeRes = positive(rational(exif, ExifDirectoryBase.TAG_FOCAL_PLANE_X_RESOLUTION));
        double exifWidth = positive(rational(exif, ExifDirectoryBase.TAG_EXIF_IMAGE_WIDTH));
        double unitMm = focalPlaneUnitMm(exif);
        if (planeRes > 0 && exifWidth > 0 && unitMm > 0) {
            sensor = exifWidth / planeRes * unitMm;
            sensorFrom = "focal-plane resolution";
        } else if (f > 0 && f35 > 0 && widthPx > 0 && heightPx > 0) {
            sensor = FULL_FRAME_DIAGONAL_MM * f / f35 * widthPx / Math.hypot(widthPx, heightPx);
            sensorFrom = "35 mm equivalent";
        }
        double focus = Double.NaN;
        String focusFrom = null;
        double subject = rational(exif, ExifDirectoryBase.TAG_SUBJECT_DISTANCE);
        if (subject > 0 && subject < 4e6) { // 0: unknown, 0xFFFFFFFF: infinity
            focus = subject;
            focusFrom = "EXIF SubjectDistance";
        }
        if (Double.isNaN(focus)) {
            double[] maker = makerNoteFocus(m);
            if (maker != null) {
                focus = maker[0];
                focusFrom = maker[1] == 0 ? "Canon FocusDistanceUpper/Lower" : maker[1] == 1
                        ? "Nikon ManualFocusDistance" : "Olympus FocusDistance";
            }
        }
        String range = exif.containsTag(ExifDirectoryBase.TAG_SUBJECT_DISTANCE_RANGE)
                ? exif.getDescription(ExifDirectoryBase.TAG_SUBJECT_DISTANCE_RANGE) : null;
        if (Double.isNaN(f) && Double.isNaN(n) && Double.isNaN(focus)) {
            return NONE;
        }
        return new ExifOptics(camera, f, n, f35, sensor, sensorFrom, focus, focusFrom, range);
    }

    /** Focus distance in m and which maker note gave it (0 Canon, 1 Nikon, 2 Olympus), or null. */
    private static double[] makerNoteFocus(Metadata m) {
        CanonMakernoteDirectory canon = m.getFirstDirectoryOfType(CanonMakernoteDirectory.class);
        if (canon != null) {
            // Centimetres; 0 unknown, 65535 (655.35 m) infinity.
            double upper = number(canon, CanonMakernoteDirectory.ShotInfo.TAG_FOCUS_DISTANCE_UPPER) / 100;
            double lower = number(canon, CanonMakernoteDirectory.ShotInfo.TAG_FOCUS_DISTANCE_LOWER) / 100;
            boolean u = upper > 0 && upper < 655.35;
            boolean l = lower > 0 && lower < 655.35;
            if (u || l) {
                return new double[] {u && l ? (upper + lower) / 2 : u ? upper : lower, 0};
            }
        }
        NikonType2MakernoteDirectory nikon = m.getFirstDirectoryOfType(NikonType2MakernoteDirectory.class);
        if (nikon != null) {
            double d = rational(nikon, NikonType2MakernoteDirectory.TAG_MANUAL_FOCUS_DISTANCE);
            if (d > 0 && d < 4e6) {
                return new double[] {d, 1};
            }
        }
        OlympusFocusInfoMakernoteDirectory olympus = m.getFirstDirectoryOfType(
                OlympusFocusInfoMakernoteDirectory.class);
        if (olympus != null) {
            Rational r = olympus.getRational(OlympusFocusInfoMakernoteDirectory.TagFocusDistance);
            // The numerator is in millimetres; 0 and 0xFFFFFFFF mean infinity.
            if (r != null && r.getNumerator() > 0 && r.getNumerator() != 0xFFFFFFFFL) {
                return new double[] {r.getNumerator() / 1000.0, 2};
            }
        }
        return null;
    }

    /** Millimetres per focal-plane resolution unit (2 inch, 3 cm; 4 mm and 5 µm as some cameras write), else NaN. */
    private static double focalPlaneUnitMm(Directory exif) {
        Integer unit = exif.getInteger(ExifDirectoryBase.TAG_FOCAL_PLANE_RESOLUTION_UNIT);
        if (unit == null) {
            return 25.4; // the tag's default is inches
        }
        switch (unit) {
            case 2:
                return 25.4;
            case 3:
                return 10;
            case 4:
                return 1;
            case 5:
                return 1e-3;
            default:
                return Double.NaN;
        }
    }

    private static double rational(Directory d, int tag) {
        if (!d.containsTag(tag)) {
            return Double.NaN;
        }
        try {
            Rational r = d.getRational(tag);
            if (r != null) {
                return r.getDenominator() == 0 ? Double.NaN : r.doubleValue();
            }
            return number(d, tag);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double number(Directory d, int tag) {
        Double v = d.containsTag(tag) ? d.getDoubleObject(tag) : null;
        return v == null ? Double.NaN : v;
    }

    private static double positive(double v) {
        return v > 0 && Double.isFinite(v) ? v : Double.NaN;
    }

    private static String join(String make, String model) {
        String a = make == null ? "" : make.trim();
        String b = model == null ? "" : model.trim();
        if (!a.isEmpty() && b.toLowerCase(Locale.ROOT).startsWith(a.toLowerCase(Locale.ROOT))) {
            a = "";
        }
        String s = (a + " " + b).trim();
        return s.isEmpty() ? null : s;
    }

    public boolean isEmpty() {
        return this == NONE;
    }

    public double focalLengthMm() {
        return focalLengthMm;
    }

    public double fNumber() {
        return fNumber;
    }

    public double focal35Mm() {
        return focal35Mm;
    }

    /** Sensor width in mm spanning the image width, or NaN; see the class comment for how it is found. */
    public double sensorWidthMm() {
        return sensorWidthMm;
    }

    /** Focus distance in metres, approximate, or NaN. */
    public double focusDistanceM() {
        return focusDistanceM;
    }

    /** Which tag the focus distance came from, or null. */
    public String focusFrom() {
        return focusFrom;
    }

    /**
     * The optics for a stack, labelled with where they came from ({@code name}: the file the EXIF was read from);
     * {@link Optics#UNKNOWN} when there is none.
     */
    public Optics optics(String name) {
        if (isEmpty()) {
            return Optics.UNKNOWN;
        }
        String origin = "EXIF of " + name + (sensorFrom == null ? "" : ": focal length and sensor width from the "
                + sensorFrom + (sensorFrom.startsWith("35") ? ", approximate" : ""));
        return new Optics(focalLengthMm, fNumber, sensorWidthMm, Double.NaN, Double.NaN).withOrigin(origin);
    }

    /** One line for the log and the result's info: what the EXIF says, with approximate values labelled. */
    public String describe(String name) {
        List<String> parts = new ArrayList<>();
        if (camera != null) {
            parts.add(camera);
        }
        if (!Double.isNaN(focalLengthMm)) {
            parts.add(String.format(Locale.ROOT, "focal length %s mm", trim(focalLengthMm)));
        }
        if (!Double.isNaN(fNumber)) {
            parts.add("f/" + trim(fNumber));
        }
        if (!Double.isNaN(focal35Mm)) {
            parts.add("35 mm equivalent " + trim(focal35Mm) + " mm");
        }
        if (!Double.isNaN(sensorWidthMm)) {
            parts.add(String.format(Locale.ROOT, "sensor width %s%.2f mm (from the %s)",
                    sensorFrom.startsWith("35") ? "~" : "", sensorWidthMm, sensorFrom));
        } else if (!Double.isNaN(focalLengthMm)) {
            parts.add("sensor width unknown (no 35 mm equivalent or focal-plane resolution)");
        }
        if (!Double.isNaN(focusDistanceM)) {
            parts.add(String.format(Locale.ROOT, "focus distance ~%s m (%s, approximate)", trim(focusDistanceM),
                    focusFrom));
        }
        if (distanceRange != null) {
            parts.add("subject distance range " + distanceRange);
        }
        return name + ": EXIF: " + String.join(", ", parts);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
