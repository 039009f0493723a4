// The schema listing clients see (GetSchema, SPEC section 9; `audit schema` in the CLI): every view
// with its columns, the implicit leading event_date/event_time included, in query order.
import { LEADING_COLUMNS, type Catalog, type ViewColumn } from './types';

export interface SchemaColumn {
  name: string;
  type: string;
  desc: string;
}

export interface SchemaView {
  name: string;
  desc: string;
  columns: SchemaColumn[];
}

export interface SchemaListing {
  views: SchemaView[];
}

function describeColumn(c: ViewColumn): SchemaColumn {
  return { name: c.name, type: c.type, desc: c.description };
}

/** Views in catalogue order; columns as a `SELECT *` on the view returns them. */
export function describeCatalog(catalog: Catalog): SchemaListing {
  return {
    views: catalog.views.map((v) => ({
      name: v.name,
      desc: v.description,
      columns: [...LEADING_COLUMNS, ...v.columns].map(describeColumn),
    })),
  };
}
