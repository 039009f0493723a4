// class-validator on resolver arguments (@ArgsType / @InputType classes). type-graphql's built-in
// hook imports class-validator dynamically on every call, which costs a module-loader round trip per
// argument under a loader (tsx); this does the same checks with a static import.
import { validateSync, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

const OPTIONS: ValidatorOptions = {
  // GraphQL has already checked presence and types: validate what was sent.
  skipMissingProperties: true,
  forbidUnknownValues: false,
};

const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';

export const validateArguments: ValidatorFn = (value) => {
  const items = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
  const errors = items.flatMap((item) => validateSync(item, OPTIONS));
  if (errors.length) throw new ArgumentValidationError(errors);
};
