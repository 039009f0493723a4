// DuckDB's failure messages in Trino's words, for the failures a Trino user meets: invalid casts, division
// by zero (raised by our own division macro), out-of-range values. Anything else keeps DuckDB's text.

const DUCK_TO_TRINO_TYPE: Readonly<Record<string, string>> = {
  INT8: 'TINYINT',
  TINYINT: 'TINYINT',
  INT16: 'SMALLINT',
  SMALLINT: 'SMALLINT',
  INT32: 'INTEGER',
  INTEGER: 'INTEGER',
  INT64: 'BIGINT',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  FLOAT: 'REAL',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

/** Messages our macros raise with error() (in Trino's words): DuckDB prefixes them with its error class. */
const OWN_MESSAGE = /^Invalid Input Error: (.*)$/s;

export function trinoErrorMessage(message: string): string {
  const own = OWN_MESSAGE.exec(message);
  if (own) return own[1]!;
  const cast = /^Conversion Error: (?:Could not convert string|Could not convert) '(.*)' to ([A-Z0-9]+)/s.exec(message);
  if (cast) return `Cannot cast '${cast[1]}' to ${DUCK_TO_TRINO_TYPE[cast[2]!] ?? cast[2]}`;
  const date = /^Conversion Error: (?:invalid date field format|date field value out of range): "(.*?)"/s.exec(message);
  if (date) return `Value cannot be cast to date: ${date[1]}`;
  const ts = /^Conversion Error: (?:invalid timestamp field format|timestamp field value out of range): "(.*?)"/s.exec(message);
  if (ts) return `Value cannot be cast to timestamp: ${ts[1]}`;
  const overflow = /^Out of Range Error: Overflow in (addition|subtraction|multiplication) of (INT32|INT64|INT16|INT8)/.exec(message);
  if (overflow) {
    const type = (DUCK_TO_TRINO_TYPE[overflow[2]!] ?? overflow[2]!).toLowerCase();
    return `${type} ${overflow[1]} overflow`;
  }
  const range = /^(?:Conversion|Out of Range) Error: (?:Type \w+ with value (\S+) can't be cast because the value is out of range for the destination type (\w+)|Value out of range)/.exec(message);
  if (range) return `Out of range for ${(DUCK_TO_TRINO_TYPE[range[2] ?? ''] ?? range[2] ?? 'the type').toLowerCase()}: ${range[1] ?? ''}`.trim();
  return message;
}
