// Every page of the conformance table, in one list.
import { aggregatePage } from './pages/aggregate';
import { arrayPage } from './pages/array';
import { comparisonPage } from './pages/comparison';
import { conditionalPage } from './pages/conditional';
import { conversionPage } from './pages/conversion';
import { datetimePage } from './pages/datetime';
import { ipaddressPage } from './pages/ipaddress';
import { jsonPage } from './pages/json';
import { jsonPathPage } from './pages/json-path';
import { lambdaPage } from './pages/lambda';
import { logicalPage } from './pages/logical';
import { mapPage } from './pages/map';
import { mathPage } from './pages/math';
import { regexpPage } from './pages/regexp';
import { selectPage } from './pages/select';
import { stringPage } from './pages/string';
import { typesPage } from './pages/types';
import { urlPage } from './pages/url';
import { windowPage } from './pages/window';
import type { ConformancePage } from './table';

export const CONFORMANCE_PAGES: readonly ConformancePage[] = [
  typesPage, datetimePage, stringPage, regexpPage, urlPage, arrayPage, mapPage, jsonPage, jsonPathPage, conditionalPage,
  comparisonPage, logicalPage, conversionPage, mathPage, aggregatePage, windowPage, lambdaPage, selectPage, ipaddressPage,
];
