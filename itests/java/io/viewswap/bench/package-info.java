/**
 * Benchmarks (not tests): {@code ViewSwapBench}, run only by {@code ./mvnw -B -P bench verify}.
 * Each benchmark runs in one go on one machine, prints its figures and ratios with the machine, and
 * adds them to {@code target/bench/results.json}; the README quotes them.
 */
package io.viewswap.bench;
