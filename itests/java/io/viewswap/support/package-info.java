/**
 * Test support for the integration tests ({@code *IT}, run by failsafe in {@code verify}): the
 * JUnit 5 {@link io.viewswap.support.PostgresExtension} that provides one PostgreSQL server per JVM
 * and major version (an existing server from {@code VIEWSWAP_TEST_URL}, else the embedded zonky
 * binaries), and the {@link io.viewswap.support.TestDatabase} each test gets: a fresh database,
 * dropped afterwards.
 */
package io.viewswap.support;
