import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies jars into a folder, leaving out the native libraries built for other platforms than
 * the one the .deb is for (glibc Linux on x86-64). Several runtime jars carry natives for every
 * platform they support (sqlite-jdbc 24, JNA 27, DJL's tokenizers 4), and only one set is ever
 * loaded on an amd64 Linux machine. Build tool for jpackage/build.sh, run as a source file:
 *
 * <pre>java jpackage/StripForeignNatives.java OUT_DIR JAR...</pre>
 *
 * <p>A native library (.so, .so.N, .dylib, .dll, .jnilib, .a) is dropped only when its path has a
 * platform folder (linux-aarch64, Mac/, win32-x86-64, Linux-Musl/x86_64 …) that is not glibc
 * Linux x86-64 ({@code linux-x86_64}, {@code linux-x86-64}, or {@code Linux/x86_64}). Natives
 * without a platform folder (JavaFX's, in its -linux jar) and every other entry are kept as they
 * are. Signed jars and jars with nothing to drop are copied byte for byte. Prints what it saved.
 */
public final class StripForeignNatives {
    private static final Pattern NATIVE = Pattern.compile("(?i).*\\.(so(\\.\\d+)*|dylib|dll|jnilib|a)$");
    private static final Pattern PLATFORM_DIR = Pattern.compile(
            "(?i)^(linux|darwin|mac|macos|osx|win|win32|win64|windows|freebsd|openbsd|dragonflybsd|sunos|aix)([-_].+)?$");
    private static final Pattern SIGNATURE = Pattern.compile("(?i)^META-INF/[^/]+\\.(SF|RSA|DSA|EC)$");
    private static final Set<String> OURS_IN_ONE = Set.of("linux-x86_64", "linux-x86-64", "linux-amd64");
    private static final Set<String> OUR_ARCH = Set.of("x86_64", "x86-64", "amd64");

    private StripForeignNatives() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java StripForeignNatives.java OUT_DIR JAR...");
            System.exit(2);
        }
        Path outDir = Path.of(args[0]);
        Files.createDirectories(outDir);
        long before = 0;
        long after = 0;
        for (int i = 1; i < args.length; i++) {
            Path jar = Path.of(args[i]);
            Path out = outDir.resolve(jar.getFileName());
            int dropped = copy(jar, out);
            before += Files.size(jar);
            after += Files.size(out);
            if (dropped > 0) {
                System.out.printf(Locale.ROOT, "  %s: %d foreign native libraries left out, %.1f -> %.1f MiB%n",
                        jar.getFileName(), dropped, Files.size(jar) / 1048576.0, Files.size(out) / 1048576.0);
            }
        }
        System.out.printf(Locale.ROOT, "  jars: %.1f -> %.1f MiB%n", before / 1048576.0, after / 1048576.0);
    }

    /** Copies one jar; returns how many entries were left out. */
    static int copy(Path jar, Path out) throws IOException {
        List<ZipEntry> keep = new ArrayList<>();
        int dropped = 0;
        boolean signed = false;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                signed |= SIGNATURE.matcher(entry.getName()).matches();
                if (isForeignNative(entry.getName())) {
                    dropped++;
                } else {
                    keep.add(entry);
                }
            }
            if (dropped == 0 || signed) {
                Files.copy(jar, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return 0;
            }
            // Temp name, then rename: a failed run never leaves a half-written jar behind.
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zos = new ZipOutputStream(os)) {
                for (ZipEntry entry : keep) {
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    copy.setMethod(entry.getMethod());
                    if (entry.getMethod() == ZipEntry.STORED) {
                        copy.setSize(entry.getSize());
                        copy.setCompressedSize(entry.getCompressedSize());
                        copy.setCrc(entry.getCrc());
                    }
                    zos.putNextEntry(copy);
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(zos);
                    }
                    zos.closeEntry();
                }
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dropped;
    }

    /** True for a native library under a platform folder other than glibc Linux x86-64. */
    static boolean isForeignNative(String name) {
        if (name.endsWith("/") || !NATIVE.matcher(name).matches()) {
            return false;
        }
        String[] parts = name.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            String dir = parts[i].toLowerCase(Locale.ROOT);
            if (!PLATFORM_DIR.matcher(dir).matches()) {
                continue;
            }
            if (OURS_IN_ONE.contains(dir)) {
                return false;
            }
            boolean linuxThenArch = dir.equals("linux") && i + 2 < parts.length
                    && OUR_ARCH.contains(parts[i + 1].toLowerCase(Locale.ROOT));
            return !linuxThenArch;
        }
        return false; // no platform folder: not ours to judge
    }
}
