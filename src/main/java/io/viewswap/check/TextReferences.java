package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Phase;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.TableInfo;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecSql;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names kept as text, which no rename reaches: function bodies, trigger arguments, extension
 * configuration, names of the table's own objects. Each finder lives in its own class ({@link
 * FunctionBodies}, {@link TriggerArguments}, {@link NamedObjects}); this makes each a rule that
 * runs while the old names are live, forward.
 */
final class TextReferences extends LiveTableRule {

  /** A finder of names kept as text, made for one spec and catalog. */
  @FunctionalInterface
  interface Finder {
    List<Finding> find(Spec spec, CatalogSnapshot snapshot, TableRename rename);
  }

  private final Finder finder;

  private TextReferences(Finder finder) {
    this.finder = finder;
  }

  /**
   * Function bodies that name the old names. A function the spec's own swap SQL replaces ({@code
   * CREATE OR REPLACE FUNCTION} of its schema-qualified name with as many input arguments) is
   * handled: the swap gives it its new body in the same transaction as the renames, and the swap's
   * rollback the old one, so its findings become warnings that say so.
   */
  static Rule functionBodies() {
    return new TextReferences(TextReferences::functionBodies);
  }

  static Rule triggerArguments() {
    return new TextReferences((spec, snap, r) -> new TriggerArguments(spec, snap).find(r));
  }

  static Rule namedObjects() {
    return new TextReferences((spec, snap, r) -> new NamedObjects(spec, snap).find(r));
  }

  @Override
  public boolean appliesTo(State state, Direction direction) {
    return TableSafety.beforeTheSwap(state, direction);
  }

  @Override
  List<Finding> find(CheckContext ctx, TableRename r, TableInfo t) {
    return finder.find(ctx.spec(), ctx.snapshot(), r);
  }

  private static List<Finding> functionBodies(Spec spec, CatalogSnapshot snap, TableRename r) {
    Map<FunctionSource, SpecSql> replaced = new LinkedHashMap<>();
    for (FunctionSource f : snap.functions()) {
      for (SpecSql x : spec.sql(Phase.SWAP.label())) {
        if (SpecSql.createdRoutine(x.forward()).filter(c -> replaces(c, f)).isPresent()) {
          replaced.putIfAbsent(f, x);
        }
      }
    }
    List<FunctionSource> others =
        snap.functions().stream().filter(f -> !replaced.containsKey(f)).toList();
    List<Finding> out =
        new ArrayList<>(new FunctionBodies(spec, snap.withFunctions(others)).find(r));
    replaced.forEach(
        (f, x) -> {
          for (Finding found : new FunctionBodies(spec, snap.withFunctions(List.of(f))).find(r)) {
            Diagnostic d = found.diagnostic();
            out.add(
                new Finding(
                    Severity.WARNING,
                    FindingCode.FUNCTION_BODY_REPLACED,
                    new Diagnostic(
                        d.file(),
                        d.position(),
                        d.message()
                            + "; handled by the spec's own SQL: "
                            + x.label()
                            + " replaces it at the swap, and its inverse at the swap's rollback",
                        "make sure "
                            + x.label()
                            + ".forward uses the new names and its inverse"
                            + " the old ones")));
          }
        });
    return out;
  }

  /** Whether a CREATE OR REPLACE of {@code c} replaces {@code f} (its regprocedure signature). */
  private static boolean replaces(SpecSql.Routine c, FunctionSource f) {
    int paren = f.signature().indexOf('(');
    if (paren < 0 || !f.signature().substring(0, paren).equals(c.name())) {
      return false;
    }
    String args = f.signature().substring(paren + 1, f.signature().lastIndexOf(')')).strip();
    int arity = args.isEmpty() ? 0 : args.split(",", -1).length;
    return arity == c.inputs();
  }
}
