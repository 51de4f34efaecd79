/**
 * The rename spec: YAML read into immutable records, with every node's position in the file so that
 * later checks can point at the line and column at fault. Syntax only: nothing here touches a
 * database.
 */
package io.viewswap.spec;
