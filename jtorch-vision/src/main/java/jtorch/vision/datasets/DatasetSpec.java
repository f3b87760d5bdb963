package jtorch.vision.datasets;

import java.net.URI;
import java.util.List;

/**
 * What distinguishes MNIST-like datasets: the folder name under the root (torchvision uses the
 * class name), the mirrors, the four files with their MD5s, the sizes and the class names.
 */
record DatasetSpec(
    String name,
    List<URI> mirrors,
    Resource trainImages,
    Resource trainLabels,
    Resource testImages,
    Resource testLabels,
    int trainCount,
    int testCount,
    List<String> classes) {

  /** All four files, in torchvision's order. */
  List<Resource> resources() {
    return List.of(trainImages, trainLabels, testImages, testLabels);
  }

  /** The image and label files of one split. */
  List<Resource> split(boolean train) {
    return train ? List.of(trainImages, trainLabels) : List.of(testImages, testLabels);
  }

  /** MNIST, with torchvision's mirrors and MD5s ({@code torchvision/datasets/mnist.py}). */
  static final DatasetSpec MNIST =
      new DatasetSpec(
          "MNIST",
          List.of(
              URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
              URI.create("http://yann.lecun.com/exdb/mnist/")),
          new Resource("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
          new Resource("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
          new Resource("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
          new Resource("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
          60000,
          10000,
          List.of(
              "0 - zero",
              "1 - one",
              "2 - two",
              "3 - three",
              "4 - four",
              "5 - five",
              "6 - six",
              "7 - seven",
              "8 - eight",
              "9 - nine"));

  /** Fashion-MNIST, with torchvision's mirror and MD5s. */
  static final DatasetSpec FASHION_MNIST =
      new DatasetSpec(
          "FashionMNIST",
          List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
          new Resource("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
          new Resource("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
          new Resource("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
          new Resource("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
          60000,
          10000,
          List.of(
              "T-shirt/top",
              "Trouser",
              "Pullover",
              "Dress",
              "Coat",
              "Sandal",
              "Shirt",
              "Sneaker",
              "Bag",
              "Ankle boot"));
}
