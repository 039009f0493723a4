// class-validator on resolver arguments (@ArgsType / @InputType classes). type-graphql's built-in
// hook imports class-validator dynamically on every call, which costs a module-loader round trip per
// argument under a loader (tsx); this does the same checks with a static import.
//
// class-validator looks up a class's rules anew on every call, which cost a paged read more than its
// GraphQL execution. The rules are fixed once the classes are loaded and pure, so arguments that
// passed are remembered per class by their JSON (short ones only) and not checked again.
import { validateSync, type ValidatorOptions } from 'class-validator';
import { LRUCache } from 'lru-cache';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

const OPTIONS: ValidatorOptions = {
  // GraphQL has already checked presence and types: validate what was sent.
  skipMissingProperties: true,
  forbidUnknownValues: false,
};

/** Longest JSON of arguments that is remembered (SQL texts are not). */
const MAX_REMEMBERED_JSON = 1024;

const passed = new WeakMap<Function, LRUCache<string, true>>();

const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';

function validateOne(item: object): ReturnType<typeof validateSync> {
  // The class fixes the classes of nested inputs too (GraphQL has no input unions): class + JSON is the value.
  let json = '';
  try {
    json = JSON.stringify(item);
  } catch {
    // a value JSON cannot write (a bigint): validated every time
  }
  const remember = json.length > 0 && json.length <= MAX_REMEMBERED_JSON;
  let seen = passed.get(item.constructor);
  if (remember && seen?.has(json)) return [];
  const errors = validateSync(item, OPTIONS);
  if (remember && errors.length === 0) {
    if (!seen) passed.set(item.constructor, (seen = new LRUCache({ max: 5000 })));
    seen.set(json, true);
  }
  return errors;
}

export const validateArguments: ValidatorFn = (value) => {
  const items = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
  const errors = items.flatMap(validateOne);
  if (errors.length) throw new ArgumentValidationError(errors);
};
