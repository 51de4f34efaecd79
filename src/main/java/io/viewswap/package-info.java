/**
 * viewswap as a library: {@link io.viewswap.ViewSwap} is the facade (configure it with a
 * DataSource, then check, plan, apply, roll back, drain and read the status of a spec). Its
 * vocabulary lives in {@code io.viewswap.api}; the spec model in {@code io.viewswap.spec}. Every
 * other package is internal.
 */
package io.viewswap;
