package jtorch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jtorch} command.
 *
 * <pre>
 * ./jtorch --help
 * ./jtorch mnist --epochs 2
 * </pre>
 */
@Command(
    name = "jtorch",
    mixinStandardHelpOptions = true,
    version = "jtorch 0.1.0-SNAPSHOT",
    description = "PyTorch for Java: runnable jobs.",
    subcommands = {MnistCommand.class},
    footer = {
      "",
      "Also: ./jtorch tensors runs examples/Tensors.java (tensors, views, autograd by hand)."
    })
public final class Main implements Runnable {

  /** The top-level command (picocli instantiates it). */
  public Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // Expected failures (missing data, no GPU, bad option) read better without a trace.
          cmd.getErr().println("jtorch " + cmd.getCommandName() + ": " + e.getMessage());
          if (System.getenv("JTORCH_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          }
          return 1;
        })
        .execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
