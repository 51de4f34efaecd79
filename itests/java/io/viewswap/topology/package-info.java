/**
 * Tests of viewswap in a production topology, each with the real thing it names: a loopback TCP
 * proxy ({@link io.viewswap.support.LoopbackProxy}) that goes silent or loses an answer at a chosen
 * point, and a primary with a hot, synchronous standby of its own. Each first shows the breakage by
 * hand, then what viewswap does about it.
 */
package io.viewswap.topology;
