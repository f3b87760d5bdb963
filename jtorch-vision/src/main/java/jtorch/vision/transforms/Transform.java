package jtorch.vision.transforms;

import jtorch.Tensor;

/**
 * One step of image preprocessing: a function from a tensor to a tensor, as a torchvision
 * transform's {@code __call__}. Transforms never modify their input.
 *
 * <pre>{@code
 * Transform scale = x -> x.mul(2.0);              // any lambda is a transform
 * Transform t = new Compose(new ToTensor(), scale);
 * t.apply(image);
 * }</pre>
 *
 * <p>Implementations used with a multi-worker {@code DataLoader} are called from several threads at
 * once, so they must not keep per-call state (the random transforms draw from a synchronized {@link
 * jtorch.Generator}).
 */
@FunctionalInterface
public interface Transform {

  /** The transformed image; the input is left unchanged. */
  Tensor apply(Tensor input);

  /** This transform, then {@code after}, as {@code Compose([this, after])}. */
  default Transform andThen(Transform after) {
    return new Compose(this, after);
  }
}
