import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Tools' parameters are JSON Schema (docs/workflow.md "Tools"): checked when a config is saved,
 * and a model's arguments checked against them before a call is made. One compiler for both, so
 * a schema that saves is a schema that validates.
 */
const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: true });
const compiled = new WeakMap<object, ValidateFunction>();

/** Why `schema` is not a JSON Schema this platform can use, or undefined when it is. */
export function jsonSchemaProblem(schema: Record<string, unknown>): string | undefined {
  try {
    if (!ajv.validateSchema(schema)) return ajv.errorsText(ajv.errors, { dataVar: 'schema' });
    validatorOf(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function validatorOf(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** What is wrong with `args` under `schema` (a model's arguments), or undefined when they fit. */
export function argumentsProblem(schema: Record<string, unknown>, args: unknown): string | undefined {
  const validate = validatorOf(schema);
  return validate(args) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'arguments' });
}
