/**
 * Benchmarks (not tests), run only by {@code ./mvnw -B -P bench verify}: {@code ViewSwapBench},
 * each of whose benchmarks runs in one go on one machine, prints its figures and ratios with the
 * machine, and adds them to {@code target/bench/results.json} (the README quotes them); and {@code
 * PreflightBench}, which prints check's confusion matrix on the rename corpus and its time per
 * rename beside another build's (docs/refusals.md quotes them).
 */
package io.viewswap.bench;
