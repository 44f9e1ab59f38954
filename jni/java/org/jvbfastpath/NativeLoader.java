package org.jvbfastpath;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libjvbfastpath.so the way Jitsi loads its natives: from java.library.path when the
 * library is installed there, otherwise the copy bundled in the jar under a platform folder
 * named as JNA names them ("linux-x86-64/"), extracted to a temporary file.
 */
final class NativeLoader {
    static final String LIBRARY = "jvbfastpath";

    private NativeLoader() {}

    /** "linux-x86-64", "linux-aarch64", ... */
    static String platformFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osPart = os.startsWith("linux") ? "linux" : os.replace(' ', '-');
        String archPart;
        switch (arch) {
            case "amd64":
            case "x86_64":
                archPart = "x86-64";
                break;
            case "aarch64":
            case "arm64":
                archPart = "aarch64";
                break;
            default:
                archPart = arch;
        }
        return osPart + "-" + archPart;
    }

    /** Where the library was loaded from; throws FastpathUnavailableException on failure. */
    static String load() {
        String fileName = System.mapLibraryName(LIBRARY);
        String libraryPath = System.getProperty("java.library.path", "");
        for (String dir : libraryPath.split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, fileName).isFile()) {
                try {
                    System.loadLibrary(LIBRARY);
                    return new File(dir, fileName).getAbsolutePath();
                } catch (UnsatisfiedLinkError e) {
                    throw new FastpathUnavailableException(
                            "cannot load " + new File(dir, fileName) + ": " + e.getMessage(), e);
                }
            }
        }
        String resource = "/" + platformFolder() + "/" + fileName;
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new FastpathUnavailableException("no " + fileName + " in java.library.path ("
                        + libraryPath + ") and no bundled " + resource + " for this platform", null);
            }
            Path tmp = Files.createTempFile("libjvbfastpath-", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            System.load(tmp.toAbsolutePath().toString());
            return "bundled " + resource;
        } catch (IOException e) {
            throw new FastpathUnavailableException("cannot extract " + resource + ": " + e, e);
        } catch (UnsatisfiedLinkError e) {
            throw new FastpathUnavailableException(
                    "cannot load bundled " + resource + ": " + e.getMessage(), e);
        }
    }
}
