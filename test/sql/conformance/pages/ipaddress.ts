import { type ConformancePage, v } from '../table';

export const ipaddressPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/ipaddress.md',
  cases: [
    v("SELECT contains('10.0.0.0/8', IPADDRESS '10.255.255.255')", 'true', 'boolean'),
    v("SELECT contains('10.0.0.0/8', IPADDRESS '11.255.255.255')", 'false', 'boolean'),
    v("SELECT contains('2001:0db8:0:0:0:ff00:0042:8329/128', IPADDRESS '2001:0db8:0:0:0:ff00:0042:8329')", 'true', 'boolean'),
    v("SELECT contains('2001:0db8:0:0:0:ff00:0042:8329/128', IPADDRESS '2001:0db8:0:0:0:ff00:0042:8328')", 'false', 'boolean'),
  ],
};
