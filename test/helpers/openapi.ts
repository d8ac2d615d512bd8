/**
 * Checks real responses against the committed OpenAPI documents: the operation is found from the method and
 * path, the status must be documented, and a JSON body must match the documented schema.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

function load(file: string): { doc: Doc; ajv: Ajv2020; id: string } {
  const doc = JSON.parse(readFileSync(new URL(`../../openapi/${file}`, import.meta.url), "utf8")) as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, file);
  return { doc, ajv, id: file };
}

const documents = { api: load("openapi.json"), admin: load("admin.openapi.json") };
const templates = new Map<string, Array<{ template: string; re: RegExp; params: number }>>();

function matchTemplate(doc: Doc, key: string, path: string): string | undefined {
  let list = templates.get(key);
  if (!list) {
    list = Object.keys(doc.paths)
      .map((template) => ({
        template,
        re: new RegExp(`^${template.replace(/\{[^/]+\}/g, "[^/]+")}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.params - b.params);
    templates.set(key, list);
  }
  return list.find((t) => t.re.test(path))?.template;
}

/** Problems of one response against the documents (empty when it conforms). */
export function responseProblems(method: string, url: string, status: number, contentType: string | null, body: unknown): string[] {
  const { pathname } = new URL(url);
  const which = pathname.startsWith("/__mock/") ? "admin" : "api";
  const { doc, ajv, id } = documents[which];
  const path = which === "admin" ? pathname.slice("/__mock".length) : pathname;
  const template = matchTemplate(doc, which, path);
  if (!template) return [`${method} ${path} is not in ${id}`];
  const operation = doc.paths[template]![method.toLowerCase()];
  if (!operation) return [`${method} ${template} is not in ${id}`];
  const response = operation.responses[String(status)];
  if (!response) return [`${method} ${template} answered ${status}, which ${id} does not document`];
  if (!contentType?.includes("application/json")) return [];
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) return [`${method} ${template} ${status} has a JSON body that ${id} does not document`];
  const pointer = `${id}#/paths/${template.replace(/~/g, "~0").replace(/\//g, "~1")}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${method} ${template} ${status}: ${e.instancePath || "(body)"} ${e.message}`);
}

/**
 * Wraps `fetch` so that every response from `baseUrl` is checked; problems are collected in `problems`
 * (tests assert it stays empty). Used to watch the official SDK's traffic.
 */
export function validatingFetch(baseUrl: string, problems: string[], inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(baseUrl)) {
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      const contentType = response.headers.get("content-type");
      const body = contentType?.includes("application/json") ? await response.clone().json() : undefined;
      problems.push(...responseProblems(method, url, response.status, contentType, body));
    }
    return response;
  };
}

/** Problems of a value against one of openapi/openapi.json's component schemas (e.g. `BatchResultLine`). */
export function componentProblems(name: string, value: unknown): string[] {
  const { ajv, id } = documents.api;
  const pointer = `${id}#/components/schemas/${name}`;
  const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${name}: ${e.instancePath || "(value)"} ${e.message}`);
}
