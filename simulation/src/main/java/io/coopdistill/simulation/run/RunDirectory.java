package io.coopdistill.simulation.run;

import io.coopdistill.learners.FileErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A run's directory, held by one run at a time. Opening it checks, before anything is written, that
 * it is new, empty, a run of the same scenario and configuration (to resume), or that the user
 * forced its use; then creates it and locks {@code DIR/run.lock}. The lock is the operating
 * system's ({@link FileChannel#tryLock}), released when the process ends however it ends, so the
 * lock file a killed run leaves behind never blocks the next run; the file is kept, since deleting
 * it would let a third run lock a new file while a second holds the old one.
 */
public final class RunDirectory implements AutoCloseable {
  static final String LOCK = "run.lock";

  private final FileChannel channel;

  private RunDirectory(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * @param force use a non-empty directory that holds no run
   * @throws IllegalArgumentException if the directory cannot be used, or another run holds it
   */
  public static RunDirectory open(Path dir, Plan plan, boolean force) {
    if (Files.exists(dir) && !Files.isDirectory(dir))
      throw new IllegalArgumentException("--out " + dir + " is not a directory");
    if (Files.isDirectory(dir) && !Manifest.holdsRun(dir, plan) && !force && !emptyButLock(dir)) {
      throw new IllegalArgumentException(
          dir
              + " is not empty and holds no run (no "
              + Manifest.FILE
              + "): choose a new or empty --out, "
              + "or add --force to run in it anyway");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot create run directory " + dir + ": " + FileErrors.reason(dir, e), e);
    }
    Path file = dir.resolve(LOCK);
    try {
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another run in this JVM
      }
      if (lock == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new IllegalArgumentException(
            dir
                + " is in use by another run"
                + (holder.isEmpty() ? "" : " (process " + holder + ")")
                + ": wait for it to end, or choose another --out");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      return new RunDirectory(channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  private static boolean emptyButLock(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.allMatch(p -> p.getFileName().toString().equals(LOCK));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + FileErrors.reason(dir, e), e);
    }
  }

  /** Releases the lock (closing the channel releases it). */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
