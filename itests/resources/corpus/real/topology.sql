-- PostGIS topology (Debian's postgresql-15-postgis-3 and postgresql-15-postgis-3-scripts; the extension's own code
-- is installed by the packages, never copied here), set up the way its manual does: topology.CreateTopology makes the
-- schema city_data with the tables edge_data, node, face and relation (and the view edge) and records the schema's
-- name in topology.topology, a configuration table the extension dumps; topology.AddTopoGeometryColumn adds a
-- TopoGeometry column to a layer table and records the table and column names as text in topology.layer, the
-- other. Its plpgsql and C functions find a topology's tables by the topology's name read from those tables and the
-- tables' constant names (quote_ident(atopology) || '.edge_data', format('%I.node', ...)), and its C functions
-- read the same tables through SPI. Only public.* and city_data.annotation below are ours.
create extension postgis;
create extension postgis_topology;
select topology.CreateTopology('city_data', 0, 0.01);
create table public.land_parcels (parcel_id int primary key, label text not null);
select topology.AddTopoGeometryColumn('city_data', 'public', 'land_parcels', 'topo', 'POLYGON');
create table public.roads (road_id int primary key, name text not null);
select topology.AddTopoGeometryColumn('city_data', 'public', 'roads', 'topo', 'LINE');
select topology.TopoGeo_AddLineString('city_data', 'LINESTRING(0 0, 10 0, 10 10, 0 10, 0 0)');
select topology.TopoGeo_AddLineString('city_data', 'LINESTRING(10 0, 20 0, 20 10, 10 10)');
insert into public.land_parcels values (1, 'west', topology.toTopoGeom('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))', 'city_data', 1));
insert into public.roads values (1, 'main', topology.toTopoGeom('LINESTRING(0 0, 20 0)', 'city_data', 2));
-- not topology's: a table named like a topology table in another schema, a table with columns named like topology
-- columns, a table of ours in the topology's schema, and an unrelated table
create table public.node (id int primary key, label text not null);
create table public.site (site_id int primary key, face_id int, geom geometry(Point));
create table city_data.annotation (id int primary key, body text not null);
create table public.survey (survey_id int primary key, note text);
insert into public.node values (1, 'n');
insert into public.site values (1, 1, 'POINT(5 5)');
insert into city_data.annotation values (1, 'check the west parcel');
insert into public.survey values (1, 's');
