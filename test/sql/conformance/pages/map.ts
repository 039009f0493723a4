import { type ConformancePage, v } from '../table';

export const mapPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/map.md',
  cases: [
    v("SELECT MAP(ARRAY['key1', 'key2', 'key3' ], ARRAY[2373, 3463, 45837])", '{key1=2373, key2=3463, key3=45837}', 'map(varchar(4), integer)'),
    v("SELECT MAP(ARRAY['key1', 'key2', 'key3' ], ARRAY['v1', 'v2', 'v3'])", '{key1=v1, key2=v2, key3=v3}', 'map(varchar(4), varchar(2))'),
    v("SELECT MAP(ARRAY['key1', 'key2', 'key3' ], ARRAY[23, 34.63, 45.837])", '{key1=23.000, key2=34.630, key3=45.837}', 'map(varchar(4), decimal(13,3))'),
    v("SELECT MAP(ARRAY['key1', 'key2', 'key3' ], ARRAY['v1', NULL, 'v3'])", '{key1=v1, key2=NULL, key3=v3}', 'map(varchar(4), varchar(2))'),
    v("SELECT MAP(ARRAY['key1', 'key2', 'key3' ], ARRAY['v1', 'v2', 'v3'])['key2']", 'v2', 'varchar(2)'),
    v('SELECT map()', '{}'),
    v('SELECT map(ARRAY[1,3], ARRAY[2,4])', '{1=2, 3=4}', 'map(integer, integer)'),
    v("SELECT map_from_entries(ARRAY[(1, 'x'), (2, 'y')])", '{1=x, 2=y}', 'map(integer, varchar(1))'),
    v("SELECT multimap_from_entries(ARRAY[(1, 'x'), (2, 'y'), (1, 'z')])", '{1=[x, z], 2=[y]}', 'map(integer, array(varchar(1)))'),
    v("SELECT map_entries(MAP(ARRAY[1, 2], ARRAY['x', 'y']))", '[{1, x}, {2, y}]', 'array(row(integer, varchar(1)))'),
    v('SELECT map_filter(MAP(ARRAY[], ARRAY[]), (k, v) -> true)', '{}'),
    v("SELECT map_filter(MAP(ARRAY[10, 20, 30], ARRAY['a', NULL, 'c']), (k, v) -> v IS NOT NULL)", '{10=a, 30=c}', 'map(integer, varchar(1))'),
    v("SELECT map_filter(MAP(ARRAY['k1', 'k2', 'k3'], ARRAY[20, 3, 15]), (k, v) -> v > 10)", '{k1=20, k3=15}', 'map(varchar(2), integer)'),
    v(
      "SELECT map_zip_with(MAP(ARRAY[1, 2, 3], ARRAY['a', 'b', 'c']), MAP(ARRAY[1, 2, 3], ARRAY['d', 'e', 'f']), (k, v1, v2) -> concat(v1, v2))",
      '{1=ad, 2=be, 3=cf}',
      'map(integer, varchar(2))',
    ),
    v(
      "SELECT map_zip_with(MAP(ARRAY['k1', 'k2'], ARRAY[1, 2]), MAP(ARRAY['k2', 'k3'], ARRAY[4, 9]), (k, v1, v2) -> (v1, v2))",
      '{k1={1, NULL}, k2={2, 4}, k3={NULL, 9}}',
      'map(varchar(2), row(integer, integer))',
    ),
    v(
      "SELECT map_zip_with(MAP(ARRAY['a', 'b', 'c'], ARRAY[1, 8, 27]), MAP(ARRAY['a', 'b', 'c'], ARRAY[1, 2, 3]), (k, v1, v2) -> k || CAST(v1 / v2 AS VARCHAR))",
      '{a=a1, b=b4, c=c9}',
      'map(varchar(1), varchar)',
    ),
    v('SELECT transform_keys(MAP(ARRAY[], ARRAY[]), (k, v) -> k + 1)', '{}'),
    v("SELECT transform_keys(MAP(ARRAY [1, 2, 3], ARRAY ['a', 'b', 'c']), (k, v) -> k + 1)", '{2=a, 3=b, 4=c}', 'map(integer, varchar(1))'),
    v("SELECT transform_keys(MAP(ARRAY ['a', 'b', 'c'], ARRAY [1, 2, 3]), (k, v) -> v * v)", '{1=1, 4=2, 9=3}', 'map(integer, integer)'),
    v("SELECT transform_keys(MAP(ARRAY ['a', 'b'], ARRAY [1, 2]), (k, v) -> k || CAST(v as VARCHAR))", '{a1=1, b2=2}', 'map(varchar, integer)'),
    v(
      "SELECT transform_keys(MAP(ARRAY [1, 2], ARRAY [1.0, 1.4]), (k, v) -> MAP(ARRAY[1, 2], ARRAY['one', 'two'])[k])",
      '{one=1.0, two=1.4}',
      'map(varchar(3), decimal(2,1))',
    ),
    v('SELECT transform_values(MAP(ARRAY[], ARRAY[]), (k, v) -> v + 1)', '{}'),
    v('SELECT transform_values(MAP(ARRAY [1, 2, 3], ARRAY [10, 20, 30]), (k, v) -> v + k)', '{1=11, 2=22, 3=33}', 'map(integer, integer)'),
    v("SELECT transform_values(MAP(ARRAY [1, 2, 3], ARRAY ['a', 'b', 'c']), (k, v) -> k * k)", '{1=1, 2=4, 3=9}', 'map(integer, integer)'),
    v("SELECT transform_values(MAP(ARRAY ['a', 'b'], ARRAY [1, 2]), (k, v) -> k || CAST(v as VARCHAR))", '{a=a1, b=b2}', 'map(varchar(1), varchar)'),
    v(
      "SELECT transform_values(MAP(ARRAY [1, 2], ARRAY [1.0, 1.4]), (k, v) -> MAP(ARRAY[1, 2], ARRAY['one', 'two'])[k] || '_' || CAST(v AS VARCHAR))",
      '{1=one_1.0, 2=two_1.4}',
      'map(integer, varchar)',
    ),
  ],
};
