/**
 * Saving and loading state dicts in the safetensors format: {@link jtorch.io.SafeTensors} (with
 * metadata) and its short form {@link jtorch.io.IO}. Files are interchangeable with Python's {@code
 * safetensors.torch.save_file} / {@code load_file}; loading maps the file without copying and never
 * runs code from it.
 *
 * <pre>{@code
 * SafeTensors.save(model.stateDict(), Path.of("model.safetensors"));
 * Map<String, Tensor> state = SafeTensors.load(Path.of("model.safetensors"));
 * }</pre>
 */
package jtorch.io;
