package org.defocusj.fossa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.defocusj.BadInputException;

/**
 * Recognises what a model file is before handing it to libtorch, so users get a clear message instead of a
 * native stack trace: a TorchScript export is a zip archive with {@code code/} entries; a training
 * checkpoint saved with torch.save is a zip with only {@code data.pkl} (or, in the legacy format, a bare
 * pickle). DefocusJ never unpickles checkpoints: they must be exported first.
 */
final class TorchScriptFiles {

    static final String EXPORT_HINT = "export it first: /usr/bin/python3 scripts/export_fossa.py --checkpoint %s"
            + " --encoder vits --out fossa-vits.pt";

    private TorchScriptFiles() {
    }

    /** Validates {@code file} and returns the text of its DefocusJ metadata entry. */
    static String readMetadata(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such model file (expected a TorchScript .pt exported by "
                    + "scripts/export_fossa.py, or builtin:tiny)");
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.read(head);
            if (n < 2) {
                throw new BadInputException(file + ": model file is empty or truncated");
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read model file (" + e.getMessage() + ")", e);
        }
        if ((head[0] & 0xff) == 0x80) {
            throw new BadInputException(file + ": is a legacy PyTorch pickle checkpoint, not a TorchScript export; "
                    + String.format(EXPORT_HINT, file));
        }
        if (head[0] != 'P' || head[1] != 'K') {
            throw new BadInputException(file + ": not a TorchScript file (expected a zip archive written by "
                    + "torch.jit.save via scripts/export_fossa.py)");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean code = false;
            ZipEntry meta = null;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (name.contains("/code/")) {
                    code = true;
                }
                if (name.endsWith("/extra/" + FossaModelInfo.ENTRY)) {
                    meta = e;
                }
            }
            if (!code) {
                throw new BadInputException(file + ": is a PyTorch checkpoint (torch.save), not a TorchScript export; "
                        + String.format(EXPORT_HINT, file));
            }
            if (meta == null) {
                throw new BadInputException(file + ": TorchScript file without DefocusJ metadata (no extra/"
                        + FossaModelInfo.ENTRY + "); export the checkpoint with scripts/export_fossa.py");
            }
            try (InputStream in = zip.getInputStream(meta)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ZipException e) {
            throw new BadInputException(file + ": corrupt TorchScript archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read model file (" + e.getMessage() + ")", e);
        }
    }
}
