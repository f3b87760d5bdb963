/** The {@code jtorch} command line: {@code jtorch mnist} trains the tutorial's ConvNet. */
module jtorch.cli {
  requires transitive jtorch.core;
  requires jtorch.vision;
  requires info.picocli;
  requires me.tongfei.progressbar;
  requires java.desktop;

  opens jtorch.cli to
      info.picocli;

  exports jtorch.cli;
}
