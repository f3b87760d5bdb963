/**
 * JMH microbenchmarks of jtorch's CPU backend (float32). Run them with {@code
 * jtorch-bench/run-bench.sh}, which also times the same ops in PyTorch and writes {@code
 * docs/performance.md}; {@code ./mvnw verify} only compiles them.
 */
package jtorch.bench;
