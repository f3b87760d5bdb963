/**
 * Datasets, as {@code torchvision.datasets}: {@link jtorch.vision.datasets.MNIST} and {@link
 * jtorch.vision.datasets.FashionMNIST}, kept in torchvision's folder layout ({@code
 * root/MNIST/raw/*.gz}) so one folder serves both libraries, downloaded from torchvision's mirrors
 * with MD5 checks when asked to.
 */
package jtorch.vision.datasets;
