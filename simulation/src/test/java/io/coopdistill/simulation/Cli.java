package io.coopdistill.simulation;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in this JVM and captures what it prints. */
record Cli(int status, String out, String err) {
  static Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.execute(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code command}, then {@code --set} with each of {@code sets}, then {@code more}. */
  static Cli run(List<String> command, List<String> sets, String... more) {
    List<String> args = new ArrayList<>(command);
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }
}
