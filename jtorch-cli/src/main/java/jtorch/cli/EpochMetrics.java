package jtorch.cli;

/**
 * What one epoch of the MNIST job measured.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch's batches
 * @param testLoss summed NLL over the test set divided by its size
 * @param correct correctly classified test images
 * @param total test images
 * @param trainSeconds wall time of the training pass
 * @param testSeconds wall time of the test pass
 */
record EpochMetrics(
    int epoch,
    double trainLoss,
    double testLoss,
    long correct,
    long total,
    double trainSeconds,
    double testSeconds) {

  double accuracy() {
    return 100.0 * correct / total;
  }

  static String csvHeader() {
    return "epoch,train_loss,test_loss,test_accuracy,correct,total,train_seconds,test_seconds";
  }

  String csv() {
    return String.format(
        java.util.Locale.ROOT,
        "%d,%.6f,%.6f,%.4f,%d,%d,%.3f,%.3f",
        epoch,
        trainLoss,
        testLoss,
        accuracy(),
        correct,
        total,
        trainSeconds,
        testSeconds);
  }

  String json() {
    return String.format(
        java.util.Locale.ROOT,
        "{\"epoch\": %d, \"train_loss\": %.6f, \"test_loss\": %.6f, \"test_accuracy\": %.4f,"
            + " \"correct\": %d, \"total\": %d, \"train_seconds\": %.3f, \"test_seconds\": %.3f}",
        epoch,
        trainLoss,
        testLoss,
        accuracy(),
        correct,
        total,
        trainSeconds,
        testSeconds);
  }
}
