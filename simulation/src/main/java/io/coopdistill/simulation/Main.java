package io.coopdistill.simulation;

/** The command line. Until the simulation module lands it only prints its usage. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("""
        Usage: ./coopdistill run [SCENARIO] [--set key=value]... [--seeds N] [--out DIR]
               ./coopdistill list
               ./coopdistill report DIR
        (scenarios arrive with the simulation module; see README.md)""");
  }
}
