package io.coopdistill.learners;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The operating system's reason for a failed file operation, in words. An NIO exception's message
 * is often only the path ("cannot read X: X"); its class says what happened.
 */
public final class FileErrors {
  private FileErrors() {}

  /**
   * Why {@code e} happened on {@code target}: "permission denied", "file exists", "no such file or
   * directory", ... followed by the file it concerns when that is another one (e.g. a parent that
   * is a file).
   */
  public static String reason(Path target, IOException e) {
    if (!(e instanceof FileSystemException f))
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    String why =
        f.getReason() != null
            ? f.getReason()
            : e instanceof AccessDeniedException
                ? "permission denied"
                : e instanceof FileAlreadyExistsException
                    ? "file exists"
                    : e instanceof NoSuchFileException
                        ? "no such file or directory"
                        : e instanceof NotDirectoryException
                            ? "not a directory"
                            : e instanceof DirectoryNotEmptyException
                                ? "directory not empty"
                                : e.getClass().getSimpleName();
    boolean elsewhere =
        f.getFile() != null && (target == null || !Path.of(f.getFile()).equals(target));
    return elsewhere ? why + ": " + f.getFile() : why;
  }
}
