/**
 * Helpers shared by the jtorch-vision packages (atomic file writes, tensor/array bridging, Python
 * style formatting). Not exported: no API.
 */
package jtorch.vision.internal;
