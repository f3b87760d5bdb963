package jtorch.vision.datasets;

/**
 * One file of a dataset: its name in the {@code raw} folder and on the mirrors, and its published
 * MD5.
 */
record Resource(String file, String md5) {}
