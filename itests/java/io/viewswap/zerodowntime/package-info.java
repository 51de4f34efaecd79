/**
 * Zero-downtime proof: real clients (pgJDBC with server-side prepared statements and with the
 * simple query protocol, Hibernate ORM, pgbench) run transactions back to back through every phase
 * of the example specs, under the old names and the new ones, and every transaction must commit.
 * Test code, not viewswap's API; the benchmarks in {@code io.viewswap.bench} reuse these clients.
 *
 * <p>{@link io.viewswap.zerodowntime.Load} runs the client threads and knows which phase the
 * database is in; {@link io.viewswap.zerodowntime.LoadClient} is one client and counts its commits,
 * errors and worst latency per phase; {@link io.viewswap.zerodowntime.Workload} holds the SQL each
 * client runs under one set of names; {@link io.viewswap.zerodowntime.Pgbench} runs pgbench and
 * reads its summary.
 */
package io.viewswap.zerodowntime;
