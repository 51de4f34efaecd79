package io.viewswap.api;

/**
 * What a {@link Step} does to the database: the planner says so when it makes the step, so nothing
 * has to read it back out of the step's id.
 */
public enum StepKind {
  /**
   * Checks or records; changes no schema object. Guards lead a phase, run before its locks are
   * taken, name no inverse and are not counted among the statements a phase ran.
   */
  GUARD,
  /** Changes the schema; names the step of the opposite direction that undoes it. */
  CHANGE
}
