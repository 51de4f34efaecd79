/**
 * Read-only facts from pg_catalog, taken once per run into an immutable {@link io.viewswap.catalog.CatalogSnapshot}.
 * Everything later (checks, planning, rendering) works on the snapshot, never on a connection.
 */
package io.viewswap.catalog;
