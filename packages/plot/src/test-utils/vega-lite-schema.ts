import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

let validate: ValidateFunction | undefined;

/** Errors of `spec` against Vega-Lite's own JSON schema (empty when valid). */
export function schemaErrors(spec: unknown): string[] {
  if (!validate) {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: false });
    ajv.addFormat('uri', true);
    ajv.addFormat('uri-reference', true);
    ajv.addFormat('color-hex', /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
    validate = ajv.compile(schema);
  }
  if (validate(spec)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
