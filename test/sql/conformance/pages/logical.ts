import { type ConformancePage, v } from '../table';

export const logicalPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/logical.md',
  cases: [
    v('SELECT CAST(null AS boolean) AND true', null, 'boolean'),
    v('SELECT CAST(null AS boolean) AND false', 'false', 'boolean'),
    v('SELECT CAST(null AS boolean) AND CAST(null AS boolean)', null, 'boolean'),
    v('SELECT CAST(null AS boolean) OR CAST(null AS boolean)', null, 'boolean'),
    v('SELECT CAST(null AS boolean) OR false', null, 'boolean'),
    v('SELECT CAST(null AS boolean) OR true', 'true', 'boolean'),
    v('SELECT NOT CAST(null AS boolean)', null, 'boolean'),
  ],
};
