/**
 * How two answers to the same request differ in structure, not in values: the status code, which fields there
 * are at every path and their JSON types, error codes and error body shape, and enum values the mock does not
 * know. Ids, times and URLs differ between any two runs, so their values are never compared.
 */

/** One difference, as the drift report counts it. */
export interface Difference {
  /** What kind: status, missing (upstream has it, the mock not), extra (the mock has it), type, error code, enum. */
  readonly kind: "status" | "missing" | "extra" | "type" | "errorCode" | "enum";
  /** The JSON path (`items[].status`), or "" for the answer itself. */
  readonly path: string;
  /** In words: "upstream 404, mock 200". */
  readonly detail: string;
}

type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object";

const typeOf = (value: unknown): JsonType =>
  value === null ? "null" : Array.isArray(value) ? "array" : (typeof value as "boolean" | "number" | "string" | "object");

/**
 * Every path in a JSON value with the types seen there (array elements merge under `[]`; a field present in
 * some elements only is still present). Objects that are maps (not a fixed set of fields) are not told apart:
 * their keys count as paths like any other.
 */
export function shapeOf(value: unknown, path = "", into = new Map<string, Set<JsonType>>()): Map<string, Set<JsonType>> {
  const type = typeOf(value);
  let types = into.get(path);
  if (!types) into.set(path, (types = new Set()));
  types.add(type);
  if (type === "array") for (const item of value as unknown[]) shapeOf(item, `${path}[]`, into);
  else if (type === "object") for (const [key, child] of Object.entries(value as Record<string, unknown>)) shapeOf(child, path ? `${path}.${key}` : key, into);
  return into;
}

/**
 * Whether every array above `path` has elements in `shape`: under an array one side sent empty, nothing can be
 * compared (an empty list of generations says nothing about a generation's fields).
 */
function comparable(path: string, shape: ReadonlyMap<string, unknown>): boolean {
  for (let at = path.indexOf("[]"); at >= 0; at = path.indexOf("[]", at + 2)) if (!shape.has(path.slice(0, at + 2))) return false;
  return true;
}

const typeList = (types: ReadonlySet<JsonType>) => [...types].sort().join(" | ");

/** Whether one side's types at a path are compatible with the other's: null stands in for any (unset fields are null). */
function compatible(upstream: ReadonlySet<JsonType>, mock: ReadonlySet<JsonType>): boolean {
  const a = [...upstream].filter((t) => t !== "null");
  const b = [...mock].filter((t) => t !== "null");
  return a.length === 0 || b.length === 0 || a.some((t) => b.includes(t));
}

/** The error code of an error body, in either spelling. */
export function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const code = record["errorCode"] ?? record["error_code"];
  return typeof code === "string" ? code : undefined;
}

/** Values of fields named in `enums` that are not among the values the mock knows for them. */
function unknownEnumValues(value: unknown, enums: ReadonlyMap<string, ReadonlySet<string>>, path = ""): Difference[] {
  const found: Difference[] = [];
  if (Array.isArray(value)) value.forEach((item) => found.push(...unknownEnumValues(item, enums, `${path}[]`)));
  else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const at = path ? `${path}.${key}` : key;
      const known = enums.get(key);
      if (known && typeof child === "string" && !known.has(child)) found.push({ kind: "enum", path: at, detail: `upstream "${child}" is not a value the mock knows` });
      else found.push(...unknownEnumValues(child, enums, at));
    }
  }
  return found;
}

/** The answers to compare: status codes and parsed JSON bodies (undefined when not JSON). */
export interface AnswerPair {
  readonly upstream: { readonly status: number; readonly body: unknown };
  readonly mock: { readonly status: number; readonly body: unknown };
}

/** How the mock's answer differs from the upstream's; `enums` names the fields whose values are checked. */
export function compareAnswers(pair: AnswerPair, enums: ReadonlyMap<string, ReadonlySet<string>>): Difference[] {
  const { upstream, mock } = pair;
  const differences: Difference[] = [];
  if (upstream.status !== mock.status) differences.push({ kind: "status", path: "", detail: `upstream ${upstream.status}, mock ${mock.status}` });
  if (upstream.status >= 400 && mock.status >= 400) {
    const [a, b] = [errorCodeOf(upstream.body), errorCodeOf(mock.body)];
    if (a !== b) differences.push({ kind: "errorCode", path: "errorCode", detail: `upstream ${a ?? "none"}, mock ${b ?? "none"}` });
  }
  // A body of another kind of answer (an error against a success) differs everywhere: the status says it all.
  if (upstream.body === undefined || mock.body === undefined || upstream.status >= 400 !== mock.status >= 400) return differences;
  const [theirs, ours] = [shapeOf(upstream.body), shapeOf(mock.body)];
  for (const [path, types] of theirs) {
    const mine = ours.get(path);
    if (!mine && !comparable(path, ours)) continue;
    if (!mine) differences.push({ kind: "missing", path, detail: `upstream has ${path || "the body"} (${typeList(types)}), the mock does not` });
    else if (!compatible(types, mine)) differences.push({ kind: "type", path, detail: `upstream ${typeList(types)}, mock ${typeList(mine)}` });
  }
  for (const [path, types] of ours) if (!theirs.has(path) && comparable(path, theirs)) differences.push({ kind: "extra", path, detail: `the mock has ${path} (${typeList(types)}), upstream does not` });
  differences.push(...unknownEnumValues(upstream.body, enums));
  return differences;
}
