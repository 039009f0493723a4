// A validator for OCSF Detection Finding events (class_uid 2004), written from the OCSF schema's own
// definitions (github.com/ocsf/ocsf-schema): events/findings/detection_finding.json, its base classes
// events/findings/finding.json and events/base_event.json, the objects it uses (objects/finding_info,
// metadata, product, analytic, observable) and the attribute types of dictionary.json. Only the facts
// are taken (which attributes are required or recommended, and their types); the check is ours.
//
// Types (dictionary.json "types"): integer_t is a 32-bit integer, long_t a 64-bit one, timestamp_t a
// long_t of milliseconds since the epoch, string_t, boolean_t, json_t any JSON; object types are
// objects; `is_array` attributes are arrays of their type.

type AttrType = 'integer_t' | 'long_t' | 'timestamp_t' | 'string_t' | 'boolean_t' | 'json_t' | { object: string };
interface Attr {
  type: AttrType;
  requirement: 'required' | 'recommended';
  array?: boolean;
  /** Enumerated values the schema defines (ids). */
  enum?: number[];
}
type ObjectDef = Record<string, Attr>;

const req = (type: AttrType, extra: Partial<Attr> = {}): Attr => ({ type, requirement: 'required', ...extra });
const rec = (type: AttrType, extra: Partial<Attr> = {}): Attr => ({ type, requirement: 'recommended', ...extra });

/**
 * The event: base_event's required attributes (activity_id, category_uid, class_uid, metadata,
 * severity_id, time, type_uid) and recommended ones (message, observables, status, status_code,
 * status_detail, status_id, timezone_offset), finding's required finding_info and recommended
 * confidence_id, resources and status_id, and detection_finding's recommended evidences and is_alert.
 */
export const DETECTION_FINDING: ObjectDef = {
  activity_id: req('integer_t', { enum: [0, 1, 2, 3, 99] }),
  category_uid: req('integer_t', { enum: [2] }),
  class_uid: req('integer_t', { enum: [2004] }),
  finding_info: req({ object: 'finding_info' }),
  metadata: req({ object: 'metadata' }),
  severity_id: req('integer_t', { enum: [0, 1, 2, 3, 4, 5, 6, 99] }),
  time: req('timestamp_t'),
  type_uid: req('long_t'),
  message: rec('string_t'),
  observables: rec({ object: 'observable' }, { array: true }),
  status: rec('string_t'),
  status_code: rec('string_t'),
  status_detail: rec('string_t'),
  status_id: rec('integer_t', { enum: [0, 1, 2, 3, 4, 5, 6, 99] }),
  timezone_offset: rec('integer_t'),
  confidence_id: rec('integer_t', { enum: [0, 1, 2, 3, 99] }),
  resources: rec({ object: 'resource_details' }, { array: true }),
  evidences: rec({ object: 'evidences' }, { array: true }),
  is_alert: rec('boolean_t'),
};

/** Optional attributes we emit, checked for type when present. */
const OPTIONAL_TYPES: Record<string, AttrType> = {
  activity_name: 'string_t',
  category_name: 'string_t',
  class_name: 'string_t',
  type_name: 'string_t',
  severity: 'string_t',
  confidence: 'string_t',
  end_time: 'timestamp_t',
  start_time: 'timestamp_t',
  unmapped: 'json_t',
  comment: 'string_t',
};

export const OBJECTS: Record<string, ObjectDef> = {
  // finding_info: uid required; title and analytic recommended.
  finding_info: { uid: req('string_t'), title: rec('string_t'), analytic: rec({ object: 'analytic' }) },
  // analytic: type_id required (0 Unknown, 1 Rule, 2 Behavioral, 3 Statistical, 4 Learning, ...); name and uid recommended.
  analytic: { type_id: req('integer_t'), name: rec('string_t'), uid: rec('string_t') },
  // metadata: product and version required; log_name, log_provider and original_time recommended.
  metadata: { product: req({ object: 'product' }), version: req('string_t'), log_name: rec('string_t'), log_provider: rec('string_t'), original_time: rec('string_t') },
  // product: name and vendor_name (required across 1.x versions), uid, version and lang recommended.
  product: { name: req('string_t'), vendor_name: req('string_t'), uid: rec('string_t'), version: rec('string_t'), lang: rec('string_t') },
  // observable: name and type_id required.
  observable: { name: req('string_t'), type_id: req('integer_t') },
  // resource_details: uid or name identify it; type recommended.
  resource_details: { name: rec('string_t'), type: rec('string_t') },
  // evidences: data (json_t) carries the evidence here.
  evidences: { data: rec('json_t') },
};

const OBJECT_OPTIONAL_TYPES: Record<string, Record<string, AttrType>> = {
  finding_info: { desc: 'string_t', created_time: 'timestamp_t', first_seen_time: 'timestamp_t', last_seen_time: 'timestamp_t', modified_time: 'timestamp_t' },
  metadata: { uid: 'string_t', logged_time: 'timestamp_t', modified_time: 'timestamp_t' },
  observable: { value: 'string_t', type: 'string_t' },
  resource_details: { uid: 'string_t' },
  analytic: { type: 'string_t', desc: 'string_t' },
};

const INT32 = [-(2 ** 31), 2 ** 31 - 1];

function typeError(v: unknown, t: AttrType, path: string, errors: string[], checkObject: (o: unknown, name: string, p: string) => void): void {
  if (typeof t === 'object') {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) errors.push(`${path}: must be a ${t.object} object`);
    else checkObject(v, t.object, path);
    return;
  }
  switch (t) {
    case 'integer_t':
      if (!Number.isInteger(v) || (v as number) < INT32[0]! || (v as number) > INT32[1]!) errors.push(`${path}: must be a 32-bit integer (integer_t), got ${JSON.stringify(v)}`);
      break;
    case 'long_t':
      if (!Number.isSafeInteger(v)) errors.push(`${path}: must be an integer (long_t), got ${JSON.stringify(v)}`);
      break;
    case 'timestamp_t':
      // Milliseconds since the epoch: an integer, and plausibly in ms (after 2001, before 2100).
      if (!Number.isSafeInteger(v) || (v as number) < 1e12 || (v as number) > 4.1e12) errors.push(`${path}: must be milliseconds since the epoch (timestamp_t), got ${JSON.stringify(v)}`);
      break;
    case 'string_t':
      if (typeof v !== 'string') errors.push(`${path}: must be a string (string_t), got ${JSON.stringify(v)}`);
      break;
    case 'boolean_t':
      if (typeof v !== 'boolean') errors.push(`${path}: must be a boolean (boolean_t), got ${JSON.stringify(v)}`);
      break;
    case 'json_t':
      break;
  }
}

export interface ValidationReport {
  errors: string[];
  /** Recommended attributes that are absent (OCSF allows it; we aim for none). */
  missingRecommended: string[];
}

export function validateDetectionFinding(event: unknown): ValidationReport {
  const errors: string[] = [];
  const missingRecommended: string[] = [];
  const checkAttrs = (o: Record<string, unknown>, def: ObjectDef, optional: Record<string, AttrType>, path: string) => {
    for (const [name, attr] of Object.entries(def)) {
      const p = path ? `${path}.${name}` : name;
      const v = o[name];
      if (v === undefined || v === null) {
        if (attr.requirement === 'required') errors.push(`${p}: required`);
        else missingRecommended.push(p);
        continue;
      }
      if (attr.array) {
        if (!Array.isArray(v)) errors.push(`${p}: must be an array`);
        else v.forEach((x, i) => typeError(x, attr.type, `${p}[${i}]`, errors, checkObject));
      } else typeError(v, attr.type, p, errors, checkObject);
      if (attr.enum && Number.isInteger(v) && !attr.enum.includes(v as number)) errors.push(`${p}: ${v} is not one of ${attr.enum.join(', ')}`);
    }
    for (const [name, t] of Object.entries(optional)) {
      if (o[name] !== undefined && o[name] !== null) typeError(o[name], t, path ? `${path}.${name}` : name, errors, checkObject);
    }
  };
  const checkObject = (o: unknown, name: string, path: string) => {
    const def = OBJECTS[name];
    if (!def) return;
    checkAttrs(o as Record<string, unknown>, def, OBJECT_OPTIONAL_TYPES[name] ?? {}, path);
    if (name === 'resource_details') {
      const r = o as Record<string, unknown>;
      if (r.uid === undefined && r.name === undefined) errors.push(`${path}: a resource needs a uid or a name`);
    }
  };
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return { errors: ['the event must be a JSON object'], missingRecommended };
  const e = event as Record<string, unknown>;
  checkAttrs(e, DETECTION_FINDING, OPTIONAL_TYPES, '');
  // type_uid = class_uid * 100 + activity_id (base_event's definition of the type).
  if (Number.isInteger(e.class_uid) && Number.isInteger(e.activity_id) && e.type_uid !== (e.class_uid as number) * 100 + (e.activity_id as number)) {
    errors.push(`type_uid: must be class_uid * 100 + activity_id = ${(e.class_uid as number) * 100 + (e.activity_id as number)}, got ${JSON.stringify(e.type_uid)}`);
  }
  const ver = (e.metadata as { version?: unknown } | undefined)?.version;
  if (typeof ver === 'string' && !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(ver)) errors.push(`metadata.version: must be a semantic version, got ${JSON.stringify(ver)}`);
  return { errors, missingRecommended };
}
