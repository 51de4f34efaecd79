/**
 * Integration tests of viewswap under attack: a less-privileged role controls names, comments and objects that
 * viewswap reads, and tries to gain through viewswap, or through the scripts it exports, what it does not hold.
 * Not public API.
 */
package io.viewswap.security;
