package io.coopdistill.simulation.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The peak resident memory of processes this JVM started, read from Linux's {@code
 * /proc/PID/status} (VmHWM, the process's high-water mark) every poll interval while they live: a
 * process's peak is its last reading before it ends.
 */
final class PeakResidentMemory implements AutoCloseable {
  private final Map<String, Process> watched = new LinkedHashMap<>();
  private final Map<String, Long> peaks = new LinkedHashMap<>();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "peak-resident-memory");
            t.setDaemon(true);
            return t;
          });

  PeakResidentMemory(Duration poll) {
    poller.scheduleAtFixedRate(this::sample, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Watches {@code process} under {@code name} from now on. */
  synchronized void watch(String name, Process process) {
    watched.put(name, process);
    sample();
  }

  /** Each watched process's peak so far in bytes, by name (absent where /proc cannot tell). */
  synchronized Map<String, Long> peaks() {
    sample();
    return new LinkedHashMap<>(peaks);
  }

  private synchronized void sample() {
    watched.forEach(
        (name, process) -> {
          if (process.isAlive())
            highWaterMark(process.pid()).ifPresent(bytes -> peaks.merge(name, bytes, Math::max));
        });
  }

  /** VmHWM of process {@code pid} in bytes; empty when it has ended or this is not Linux. */
  static OptionalLong highWaterMark(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024); // kB
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The process ended between isAlive and the read, or there is no /proc.
    }
    return OptionalLong.empty();
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
