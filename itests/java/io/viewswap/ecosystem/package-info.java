/**
 * Integration tests of viewswap's ecosystem: exported scripts run by psql, Flyway and Liquibase
 * against what {@code apply} does, offline export, repoint, drain, and the README's library
 * example. Not public API.
 */
package io.viewswap.ecosystem;
