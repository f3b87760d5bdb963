package jtorch.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jtorch.Tensor;

/**
 * The short form of {@link SafeTensors}: {@code IO.save(stateDict, path)} and {@code
 * IO.load(path)}, in the safetensors format, as {@code safetensors.torch.save_file} and {@code
 * load_file}. Use {@link SafeTensors} for metadata.
 *
 * <pre>{@code
 * import jtorch.io.IO;
 *
 * IO.save(Map.of("w", Torch.ones(2, 3)), Path.of("w.safetensors"));
 * Tensor w = IO.load(Path.of("w.safetensors")).get("w");   // ones, shape [2, 3]
 * }</pre>
 */
public final class IO {
  private IO() {}

  /** As {@link SafeTensors#save(Map, Path)}: writes {@code stateDict} atomically. */
  public static void save(Map<String, Tensor> stateDict, Path file) throws IOException {
    SafeTensors.save(stateDict, file);
  }

  /** As {@link SafeTensors#load(Path)}: the tensors in header order, mapped without copying. */
  public static LinkedHashMap<String, Tensor> load(Path file) throws IOException {
    return SafeTensors.load(file);
  }
}
