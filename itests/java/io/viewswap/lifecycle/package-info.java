/**
 * The proof that the design's lifecycle promises hold on a real PostgreSQL: every example spec
 * driven through expand, swap and contract and their rollbacks through the public API, checking
 * after each step the catalog, the state rows, and what an unprivileged application role can read
 * and write under the old and the new names; plus lock retries under contention, concurrent runs of
 * one spec, and the CLI's exit codes.
 *
 * <p>{@link io.viewswap.lifecycle.Example} loads a spec with its schema; {@link
 * io.viewswap.lifecycle.RenamedTable} derives from the spec what each state must look like; {@link
 * io.viewswap.lifecycle.Catalog} and {@link io.viewswap.lifecycle.RowAccess} hold the assertions
 * the tests share.
 */
package io.viewswap.lifecycle;
