/** The README's demo, run in-process on the embedded server: every phase under live load, 0 client errors. */
package io.viewswap.demo;
