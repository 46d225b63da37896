package io.coopdistill.learners;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files whole or not at all: to a temporary file beside the target, then an atomic move over
 * it.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What goes into a file, written to the stream given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void write(Path target, byte[] content) {
    write(target, out -> out.write(content));
  }

  /**
   * Streams {@code content} to the temporary file, so a file larger than the heap never sits in
   * memory.
   */
  public static void write(Path target, Content content) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path temp =
          Files.createTempFile(
              target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
      try {
        try (OutputStream out = Files.newOutputStream(temp)) {
          content.writeTo(out);
        }
        // Temporary files are created owner-only; a result file is as readable as any other file.
        if (Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null) {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + target + ": " + FileErrors.reason(target, e), e);
    }
  }
}
