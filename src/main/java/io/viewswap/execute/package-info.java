/**
 * Side effects: runs a phase plan in one transaction with SET LOCAL timeouts, retrying the whole transaction on
 * lock timeouts (SQLSTATE 55P03) only, with capped, jittered exponential backoff. Time and sleep are injected.
 */
package io.viewswap.execute;
