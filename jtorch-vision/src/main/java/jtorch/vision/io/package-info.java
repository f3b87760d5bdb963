/**
 * Image files, as {@code torchvision.io} and {@code torchvision.utils.save_image}: {@link
 * jtorch.vision.io.Images} writes tensors as PNG (the Java answer to {@code plt.imshow}) and reads
 * PNGs back as uint8 tensors.
 */
package jtorch.vision.io;
