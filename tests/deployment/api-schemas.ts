import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { taskmeshHome } from '@taskmesh/testing';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';

/**
 * Strict, offline validation of Kubernetes objects: built-in kinds against the
 * Kubernetes OpenAPI v3 documents, Dapr and Prometheus Operator kinds against
 * the CRDs their Go modules ship (fetched by infra/setup.sh, see api-schemas.json). "Strict"
 * as in `kubectl --validate=strict`: unknown fields are errors, so a
 * misspelled key never passes silently (the published schemas allow them).
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [key: string]: unknown;
}

type Schema = Record<string, unknown>;

/** Where the Kubernetes component schemas live for $ref (any absolute URI; nothing is fetched). */
const K8S = 'https://kubernetes.schemas.local/openapi-v3.json';

const gvkKey = (apiVersion: string, kind: string) => `${apiVersion}/${kind}`;

/** Unknown fields become errors, except where Kubernetes keeps them (preserve-unknown-fields, free maps). */
function strictify(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = strictify(value);
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields'])
    out.additionalProperties = false;
  // Go's inline flags (`(?i)`) are not JavaScript regex syntax: match case-sensitively instead (stricter).
  if (typeof out.pattern === 'string' && out.pattern.includes('(?i)')) out.pattern = out.pattern.replaceAll('(?i)', '');
  // `x-kubernetes-int-or-string` in CRDs: an integer or a string, whatever `type` says.
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

export interface ApiSchemas {
  validate(object: KubernetesObject): string[];
}

export function loadApiSchemas(): ApiSchemas {
  const paths = JSON.parse(readFileSync(path.join(taskmeshHome(), 'api-schemas.json'), 'utf8')) as {
    kubernetesOpenApi: string;
    crdDirs: string[];
  };
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'int-or-string': true } });
  addFormats(ajv);
  const validators = new Map<string, () => ValidateFunction>();

  // Built-in kinds: every component schema of every group/version document, under one id.
  const components: Record<string, unknown> = {};
  for (const file of readdirSync(paths.kubernetesOpenApi).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(path.join(paths.kubernetesOpenApi, file), 'utf8')) as {
      components?: { schemas?: Record<string, Schema> };
    };
    Object.assign(components, doc.components?.schemas ?? {});
  }
  // Under $defs (ajv resolves references only into schema keywords), with the
  // documents' own references (#/components/schemas/X) pointed there.
  const defs = JSON.parse(JSON.stringify(strictify(components)).replaceAll('"#/components/schemas/', '"#/$defs/'));
  ajv.addSchema({ $id: K8S, $defs: defs });
  for (const [name, schema] of Object.entries(components)) {
    const gvks = (schema as Schema)['x-kubernetes-group-version-kind'] as
      | Array<{ group: string; version: string; kind: string }>
      | undefined;
    for (const { group, version, kind } of gvks ?? []) {
      const apiVersion = group ? `${group}/${version}` : version;
      let compiled: ValidateFunction | undefined;
      validators.set(gvkKey(apiVersion, kind), () => {
        compiled ??= ajv.compile({ $ref: `${K8S}#/$defs/${name}` });
        return compiled;
      });
    }
  }

  // Dapr's kinds (and the Prometheus Operator's) from their CRDs.
  const crdFiles = paths.crdDirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => path.join(dir, f)),
  );
  for (const file of crdFiles) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as {
        kind?: string;
        spec?: {
          group: string;
          names: { kind: string };
          versions: Array<{ name: string; schema?: { openAPIV3Schema: Schema } }>;
        };
      } | null;
      if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
      for (const version of crd.spec.versions) {
        if (!version.schema) continue;
        const schema = strictify(version.schema.openAPIV3Schema) as Schema;
        // Every object has metadata; the CRD leaves it open, the API server checks it as ObjectMeta.
        (schema.properties as Schema).metadata = {
          $ref: `${K8S}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`,
        };
        let compiled: ValidateFunction | undefined;
        validators.set(gvkKey(`${crd.spec.group}/${version.name}`, crd.spec.names.kind), () => {
          compiled ??= ajv.compile(schema);
          return compiled;
        });
      }
    }
  }

  return {
    validate(object) {
      const get = validators.get(gvkKey(object.apiVersion, object.kind));
      if (!get) return [`no schema for ${object.apiVersion} ${object.kind}`];
      const validate = get();
      const valid: boolean = validate(object);
      if (valid) return [];
      return (validate.errors ?? []).map(
        (e) =>
          `${object.kind}/${object.metadata?.name}${e.instancePath}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`,
      );
    },
  };
}
