-- The columns of pg_partman 5's configuration that name tables and columns as text (the rest left out).
CREATE TABLE @extschema@.part_config (
  parent_table text NOT NULL PRIMARY KEY,
  control text NOT NULL,
  partition_interval text NOT NULL,
  partition_type text NOT NULL DEFAULT 'range',
  constraint_cols text[],
  premake int NOT NULL DEFAULT 4,
  template_table text,
  automatic_maintenance text NOT NULL DEFAULT 'on'
);
CREATE TABLE @extschema@.part_config_sub (
  sub_parent text PRIMARY KEY REFERENCES @extschema@.part_config (parent_table),
  sub_control text NOT NULL,
  sub_partition_interval text NOT NULL,
  sub_constraint_cols text[],
  sub_template_table text
);
