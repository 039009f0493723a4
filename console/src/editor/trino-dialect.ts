// Trino's SQL for CodeMirror: keywords, types and the functions the gateway accepts (the same list
// its SQL guard checks), so highlighting matches what will run.
import { SQLDialect } from '@codemirror/lang-sql';
import { TRINO_FUNCTIONS } from '../../../src/sql/trino-functions';

const KEYWORDS = `all and any array as asc at between both by case cast cross cube current current_date current_time
current_timestamp current_user default desc describe distinct else end escape except exists extract false fetch
filter first following for from full group grouping having if ilike in inner intersect interval is join last
lateral left like limit localtime localtimestamp map natural next not null nulls offset on only or order outer
over partition preceding range recursive right rollup row rows select sets some table tablesample then ties
to true try_cast uescape union unbounded unnest using values when where window with within zone day hour
minute month second year week quarter`;

const TYPES = `bigint boolean char date decimal double integer int interval json real smallint time timestamp
tinyint varbinary varchar ipaddress uuid`;

export const TrinoDialect = SQLDialect.define({
  keywords: KEYWORDS.replace(/\s+/g, ' '),
  types: TYPES.replace(/\s+/g, ' '),
  builtin: [...TRINO_FUNCTIONS].join(' '),
  doubleQuotedStrings: false,
  identifierQuotes: '"',
  hashComments: false,
  slashComments: false,
  spaceAfterDashes: false,
  caseInsensitiveIdentifiers: true,
});

export const TRINO_KEYWORDS = KEYWORDS.split(/\s+/);
export const TRINO_FUNCTION_NAMES = [...TRINO_FUNCTIONS].sort();
