import { type ConformancePage, v } from '../table';

export const urlPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/url.md',
  cases: [
    v("SELECT url_extract_protocol('http://localhost:8080/req_path')", 'http', 'varchar'),
    v("SELECT url_extract_protocol('https://127.0.0.1:8080/req_path')", 'https', 'varchar'),
    v("SELECT url_extract_protocol('ftp://path/file')", 'ftp', 'varchar'),
  ],
};
