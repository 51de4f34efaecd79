package io.viewswap.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DrainQueriesTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  static Spec example(String name) throws Exception {
    return new SpecReader().read(PROJECT.resolve("specs/examples/" + name + ".yaml"));
  }

  @Test
  void aRenamedTableIsOldTrafficByItsOldNameAlone() throws Exception {
    assertThat(new OldNames().predicate(example("customer-to-client"), "query"))
        .as("whole word, any case; old column names add nothing once the table name is old")
        .isEqualTo("((query operator(pg_catalog.~*) E'\\\\mcustomer\\\\M'))");
  }

  @Test
  void aTableThatKeepsItsNameIsOldTrafficOnlyWithOldColumnNames() throws Exception {
    assertThat(new OldNames().predicate(example("columns-only"), "s.query"))
        .as("the table name is shared by old and new code, so the old column names decide")
        .isEqualTo(
            "((s.query operator(pg_catalog.~*) E'\\\\morders\\\\M' and (s.query operator(pg_catalog.~*) E'\\\\mamt_cents\\\\M' or s.query operator(pg_catalog.~*) E'\\\\mcust_id\\\\M')))");
  }

  @Test
  void namesThatNeedQuotesMatchTheirQuotedFormExactlyWithRegexCharactersEscaped() {
    assertThat(new OldNames().mentions("query", "Order $ (old)"))
        .as("mixed case can only be written quoted; regex characters are escaped")
        .isEqualTo("query operator(pg_catalog.~) E'\"Order \\\\$ \\\\(old\\\\)\"'");
    assertThat(new OldNames().mentions("query", "it's"))
        .as("a quote in a name is doubled in the SQL literal")
        .isEqualTo("query operator(pg_catalog.~) '\"it''s\"'");
  }

  @Test
  void pgStatStatementsQueryReadsThisDatabaseFromTheExtensionsSchema() throws Exception {
    String sql = new DrainQueries().statements(example("customer-to-client"), "monitoring");
    assertThat(sql)
        .as("qualified with the extension's schema, filtered to this database and the old names")
        .startsWith(
            "select s.queryid, s.calls, s.query from \"monitoring\".\"pg_stat_statements\" s")
        .contains("d.datname operator(pg_catalog.=) pg_catalog.current_database()")
        .contains("s.query operator(pg_catalog.~*) E'\\\\mcustomer\\\\M'");
  }

  @Test
  void activityQueryLeavesOutViewswapsOwnSessions() throws Exception {
    String sql = new DrainQueries().activity(example("customer-to-client"));
    assertThat(sql)
        .as("not this session, not other viewswap runs, only client backends of this database")
        .contains("a.pid operator(pg_catalog.<>) pg_catalog.pg_backend_pid()")
        .contains("a.application_name operator(pg_catalog.<>) 'viewswap'")
        .contains("a.backend_type operator(pg_catalog.=) 'client backend'")
        .contains("a.datname operator(pg_catalog.=) pg_catalog.current_database()");
  }
}
