import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const OPENAPI_FILE = path.resolve(__dirname, '../../../../openapi/openapi.yaml');

const COMPONENTS_ID = 'urn:inventory:openapi';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  /** The path template, e.g. `/v1/reservations/{reservationId}:confirm`. */
  path: string;
  definition: Json;
}

interface PathTemplate {
  path: string;
  pattern: RegExp;
  /** Literal characters: a concrete path wins over a templated one that matches the same URL. */
  literalLength: number;
  item: Json;
}

/** What a response looked like on the wire. */
export interface ObservedResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A response the OpenAPI document does not allow: thrown so the test that caused it fails. */
export class ContractViolation extends Error {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly problems: string[],
    body: string,
  ) {
    super(
      `${request} → ${status} breaks openapi/openapi.yaml:\n  - ${problems.join('\n  - ')}\n  body: ${body.slice(0, 500)}`,
    );
  }
}

function templateOf(template: string, item: Json): PathTemplate {
  const parts = template.split(/(\{[^}]+\})/);
  const pattern = parts
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return {
    path: template,
    pattern: new RegExp(`^${pattern}$`),
    literalLength: parts.filter((part) => !part.startsWith('{')).join('').length,
    item,
  };
}

/** Points every schema reference at the one registered copy of `components.schemas`. */
function absoluteRefs<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value).replaceAll('"#/components/schemas/', `"${COMPONENTS_ID}#/$defs/`),
  ) as T;
}

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJson(media: string): boolean {
  return media === 'application/json' || media.endsWith('+json');
}

/**
 * The OpenAPI 3.1 document as a checker of real responses: status, headers and body of each answer
 * against what the document says that operation may answer.
 */
export class OpenApiContract {
  private static loaded?: OpenApiContract;

  private readonly templates: PathTemplate[];
  private readonly bodies: Ajv2020;
  /** Header values arrive as text: this instance coerces `"3"` to 3 where the schema wants a number. */
  private readonly scalars: Ajv2020;
  private readonly compiled = new WeakMap<object, ValidateFunction>();
  private readonly compiledScalars = new WeakMap<object, ValidateFunction>();

  constructor(readonly document: Json) {
    const components = (document.components ?? {}) as Json;
    const schemas = { $id: COMPONENTS_ID, $defs: absoluteRefs(components.schemas ?? {}) };
    const ajv = (coerceTypes: boolean) => {
      const instance = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, coerceTypes });
      addFormats(instance);
      instance.addSchema(schemas);
      return instance;
    };
    this.bodies = ajv(false);
    this.scalars = ajv(true);
    this.templates = Object.entries(document.paths as Record<string, Json>).map(([template, item]) =>
      templateOf(template, item),
    );
  }

  static load(file = OPENAPI_FILE): OpenApiContract {
    if (file !== OPENAPI_FILE) return new OpenApiContract(parse(readFileSync(file, 'utf8')) as Json);
    OpenApiContract.loaded ??= new OpenApiContract(parse(readFileSync(file, 'utf8')) as Json);
    return OpenApiContract.loaded;
  }

  /** Every operation the document declares. */
  operations(): Operation[] {
    return this.templates.flatMap((template) =>
      HTTP_METHODS.filter((method) => template.item[method]).map((method) => ({
        method: method.toUpperCase(),
        path: template.path,
        definition: template.item[method] as Json,
      })),
    );
  }

  /**
   * A concrete URL for an operation: each path parameter replaced by its documented example and, with
   * `requiredQuery`, each required query parameter set to its example.
   */
  sampleUrl(operation: Pick<Operation, 'path' | 'definition'>, requiredQuery = false): string {
    const parameters = ((operation.definition.parameters ?? []) as Json[]).map((p) => this.resolve(p));
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
      if (parameter?.example === undefined)
        throw new Error(`${operation.path}: path parameter ${name} needs an example`);
      return encodeURIComponent(String(parameter.example));
    });
    const query = requiredQuery ? parameters.filter((p) => p.in === 'query' && p.required) : [];
    if (query.length === 0) return path;
    return `${path}?${new URLSearchParams(query.map((p): [string, string] => [String(p.name), String(p.example)]))}`;
  }

  /** The operation that serves `method path` (query string ignored), if the document has one. */
  operation(method: string, url: string): Operation | undefined {
    const pathname = new URL(url, 'http://contract').pathname;
    const key = (method === 'HEAD' ? 'GET' : method).toLowerCase();
    const match = this.templates
      .filter((template) => template.item[key] && template.pattern.test(pathname))
      .sort((a, b) => b.literalLength - a.literalLength)[0];
    return match && { method: key.toUpperCase(), path: match.path, definition: match.item[key] as Json };
  }

  /** Everything wrong with one response; empty when the document allows it. */
  problems(method: string, url: string, response: ObservedResponse): string[] {
    const operation = this.operation(method, url);
    if (!operation) return this.unknownRoute(response);
    const responses = operation.definition.responses as Record<string, Json>;
    const declared = responses[String(response.status)] ?? responses[`${String(response.status)[0]}XX`];
    if (!declared) {
      return [
        `status ${response.status} is not documented for ${operation.method} ${operation.path} (documented: ${Object.keys(responses).join(', ')})`,
      ];
    }
    const definition = this.resolve(declared);
    return [
      ...this.headerProblems(definition, response.headers),
      ...this.bodyProblems(definition, response, method === 'HEAD'),
    ];
  }

  /** Throws a ContractViolation when the response breaks the document. */
  assert(method: string, url: string, response: ObservedResponse): void {
    const problems = this.problems(method, url, response);
    if (problems.length > 0)
      throw new ContractViolation(`${method} ${url}`, response.status, problems, response.text);
  }

  /** A route the document lacks must not exist: it answers 404 (or 405) as a problem document. */
  private unknownRoute(response: ObservedResponse): string[] {
    if (response.status !== 404 && response.status !== 405) {
      return [`no operation in the document serves this request, yet it answered ${response.status}`];
    }
    const media = mediaType(response.headers.get('content-type'));
    return media === 'application/problem+json'
      ? []
      : [`an unknown route must answer application/problem+json, not "${media}"`];
  }

  private headerProblems(definition: Json, headers: Headers): string[] {
    const declared = (definition.headers ?? {}) as Record<string, Json>;
    return Object.entries(declared).flatMap(([name, reference]) => {
      const header = this.resolve(reference);
      const value = headers.get(name);
      if (value === null) return header.required ? [`header ${name} is required but missing`] : [];
      const validate = this.scalarValidator(header.schema as Json);
      const holder = { value };
      return validate(holder)
        ? []
        : [`header ${name}: "${value}" ${this.bodies.errorsText(validate.errors)}`];
    });
  }

  private bodyProblems(definition: Json, response: ObservedResponse, isHead: boolean): string[] {
    const content = definition.content as Record<string, Json> | undefined;
    if (!content) {
      return response.text === '' || isHead
        ? []
        : ['the document says this answer has no body, yet it has one'];
    }
    const media = mediaType(response.headers.get('content-type'));
    const declared = content[media];
    if (!declared) {
      return [`content type "${media}" is not documented (documented: ${Object.keys(content).join(', ')})`];
    }
    if (isHead) return [];
    let body: unknown = response.text;
    if (isJson(media)) {
      try {
        body = JSON.parse(response.text);
      } catch {
        return [`the body is not the ${media} it is labelled as`];
      }
    }
    const validate = this.bodyValidator(declared.schema as Json);
    return validate(body)
      ? []
      : (validate.errors ?? []).map((error) => `body${error.instancePath} ${error.message}`);
  }

  private bodyValidator(schema: Json): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.bodies.compile(absoluteRefs(schema));
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  private scalarValidator(schema: Json): ValidateFunction {
    let validate = this.compiledScalars.get(schema);
    if (!validate) {
      validate = this.scalars.compile({
        type: 'object',
        properties: { value: absoluteRefs(schema) },
      });
      this.compiledScalars.set(schema, validate);
    }
    return validate;
  }

  /** Follows `$ref`s to components (responses, headers, parameters). */
  resolve(object: Json): Json {
    let current = object;
    while (typeof current.$ref === 'string') {
      const pointer = current.$ref.replace(/^#\//, '').split('/');
      current = pointer.reduce<Json>((node, key) => node[key.replace(/~1/g, '/')] as Json, this.document);
    }
    return current;
  }
}
