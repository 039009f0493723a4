import { type ConformancePage, v, newer } from '../table';

export const mathPage: ConformancePage = {
  source: 'docs/src/main/sphinx/functions/math.md',
  cases: [
    v('SELECT cosine_distance(ARRAY[1.0, 2.0], ARRAY[3.0, 4.0])', '0.01613008990009257', 'double'),
    newer('cosine_distance() of maps', v("SELECT cosine_distance(MAP(ARRAY['a'], ARRAY[1.0]), MAP(ARRAY['a'], ARRAY[2.0]))", '0.0', 'double')),
    v('SELECT cosine_similarity(ARRAY[1.0, 2.0], ARRAY[3.0, 4.0])', '0.9838699100999074', 'double'),
    v("SELECT cosine_similarity(MAP(ARRAY['a'], ARRAY[1.0]), MAP(ARRAY['a'], ARRAY[2.0]))", '1.0', 'double'),
  ],
};
