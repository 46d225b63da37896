package io.coopdistill.learners.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How results name the data files a run read, without the absolute paths of the machine that ran
 * it: relative to the project root when the file is inside it, else as the user gave it (for
 * example relative to a scenario file); and the SHA-256 that identifies the bytes read.
 */
public final class DataFiles {
  private DataFiles() {}

  /**
   * {@code path} relative to {@code root} (with {@code /} separators) when it lies inside the root,
   * {@code "."} for the root itself, else {@code asGiven}.
   */
  public static String shown(Path root, Path path, String asGiven) {
    Path base = root.toAbsolutePath().normalize();
    Path file = path.toAbsolutePath().normalize();
    if (!file.startsWith(base)) return asGiven;
    String relative =
        base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    return relative.isEmpty() ? "." : relative;
  }

  /** {@code path} relative to {@code root} when inside it, else unchanged. */
  public static String shown(Path root, Path path) {
    return shown(root, path, path.toString());
  }

  /** The SHA-256 of a file's bytes, as 64 lower-case hex digits. */
  public static String sha256(Path file) {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
