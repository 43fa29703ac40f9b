/**
 * A normalised, validated view of a CSDL document: what the emitters need and nothing else. Built from CSDL JSON
 * (the output of `odata-csdl`'s `xml2json`, which also normalises OData V2/V3 XML into the V4 JSON shape).
 */
import { CodegenError } from "./errors.js";

export type OdataVersion = "2.0" | "3.0" | "4.0" | "4.01";

export interface TypeRef {
  /** Qualified type name (`Edm.String`, `SAPB1.Document`), aliases resolved. */
  type: string;
  collection: boolean;
  nullable: boolean;
}

export interface Property extends TypeRef {
  name: string;
  /** `Core.Computed` or `Core.Permissions: Read`: the server sets it; never sent in a request body. */
  readOnly: boolean;
  /** `Core.Immutable`: may be sent on create, never on update. */
  immutable: boolean;
  maxLength?: number;
  hasDefault: boolean;
}

export interface NavigationProperty {
  name: string;
  /** Qualified entity type name. */
  type: string;
  collection: boolean;
  containsTarget: boolean;
  partner?: string;
}

export interface StructuredType {
  kind: "EntityType" | "ComplexType";
  qualifiedName: string;
  localName: string;
  namespace: string;
  openType: boolean;
  abstract: boolean;
  /** Key property names (entity types; inherited from the base type when not declared). */
  key: string[];
  /** Structural properties, base type's first, in document order. */
  properties: Property[];
  navigation: NavigationProperty[];
}

export interface EnumType {
  qualifiedName: string;
  localName: string;
  namespace: string;
  isFlags: boolean;
  /** Member names as they appear on the wire (OData JSON serialises enum values by member name). */
  members: string[];
}

export interface EntitySet {
  name: string;
  /** Qualified entity type name. */
  type: string;
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  /** The set declares `Core.OptimisticConcurrency` (ETags). */
  optimisticConcurrency: boolean;
}

export interface Parameter extends TypeRef {
  name: string;
}

export interface Operation {
  kind: "Action" | "Function";
  qualifiedName: string;
  localName: string;
  namespace: string;
  bound: boolean;
  /** The binding parameter's type (bound operations only). */
  binding?: TypeRef;
  /** Parameters after the binding parameter. */
  parameters: Parameter[];
  returnType?: TypeRef;
}

export interface OperationImport {
  /** Name in the entity container: the URL segment. */
  name: string;
  operation: Operation;
}

export interface ServiceModel {
  odataVersion: OdataVersion;
  /** Qualified container name, e.g. `Microsoft.NAV.NAV`. */
  container: string;
  entityTypes: Map<string, StructuredType>;
  complexTypes: Map<string, StructuredType>;
  enumTypes: Map<string, EnumType>;
  /** Type definitions: qualified name → underlying primitive type. */
  typeDefinitions: Map<string, string>;
  /** Entity sets, sorted by name. */
  entitySets: EntitySet[];
  /** Bound operations (all overloads), sorted by qualified name then binding type. */
  boundOperations: Operation[];
  /** Action and function imports, sorted by name. */
  imports: OperationImport[];
}

/** Primitive types this generator maps; anything else under `Edm.` is an error. */
export const PRIMITIVE_TYPES: ReadonlySet<string> = new Set([
  "Edm.Binary",
  "Edm.Boolean",
  "Edm.Byte",
  "Edm.Date",
  "Edm.DateTime",
  "Edm.DateTimeOffset",
  "Edm.Decimal",
  "Edm.Double",
  "Edm.Duration",
  "Edm.Guid",
  "Edm.Int16",
  "Edm.Int32",
  "Edm.Int64",
  "Edm.SByte",
  "Edm.Single",
  "Edm.Stream",
  "Edm.String",
  "Edm.Time",
  "Edm.TimeOfDay",
  "Edm.Untyped",
  "Edm.PrimitiveType",
  "Edm.Geography",
  "Edm.GeographyPoint",
  "Edm.GeographyLineString",
  "Edm.GeographyPolygon",
  "Edm.GeographyMultiPoint",
  "Edm.GeographyMultiLineString",
  "Edm.GeographyMultiPolygon",
  "Edm.GeographyCollection",
  "Edm.Geometry",
  "Edm.GeometryPoint",
  "Edm.GeometryLineString",
  "Edm.GeometryPolygon",
  "Edm.GeometryMultiPoint",
  "Edm.GeometryMultiLineString",
  "Edm.GeometryMultiPolygon",
  "Edm.GeometryCollection",
]);

const CORE = "Org.OData.Core.V1";
const CAPABILITIES = "Org.OData.Capabilities.V1";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Compare strings by UTF-16 code units: stable across locales and Node versions. */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds and validates the model. Throws a {@link CodegenError} naming every unresolved reference (up to 20) so a
 * user fixing a hand-edited `$metadata` sees them all at once.
 */
export function buildModel(csdl: Json, file: string): ServiceModel {
  const problems: string[] = [];
  const versionRaw = typeof csdl.$Version === "string" ? csdl.$Version : "4.0";
  const odataVersion: OdataVersion =
    versionRaw === "2.0" || versionRaw === "3.0" || versionRaw === "4.01" ? versionRaw : "4.0";

  // Namespaces and aliases (the document's own and those of referenced vocabularies).
  const aliases = new Map<string, string>();
  const schemas = new Map<string, Json>();
  for (const [key, value] of Object.entries(csdl)) {
    if (key.startsWith("$") || !isObject(value)) continue;
    schemas.set(key, value);
    if (typeof value.$Alias === "string") aliases.set(value.$Alias, key);
  }
  if (isObject(csdl.$Reference)) {
    for (const reference of Object.values(csdl.$Reference)) {
      if (!isObject(reference) || !Array.isArray(reference.$Include)) continue;
      for (const include of reference.$Include) {
        if (isObject(include) && typeof include.$Alias === "string" && typeof include.$Namespace === "string") {
          aliases.set(include.$Alias, include.$Namespace);
        }
      }
    }
  }
  if (schemas.size === 0) throw new CodegenError(file, "no <Schema> found: is this a $metadata (CSDL) document?");

  const qualify = (name: string): string => {
    const dot = name.lastIndexOf(".");
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    const target = aliases.get(prefix);
    return target ? `${target}${name.slice(dot)}` : name;
  };
  /** Reads an annotation by vocabulary namespace and term, whatever alias the document used. */
  const annotation = (owner: Json, vocabulary: string, term: string): unknown => {
    for (const [key, value] of Object.entries(owner)) {
      if (!key.startsWith("@")) continue;
      const name = key.slice(1).split("#")[0] ?? "";
      if (qualify(name) === `${vocabulary}.${term}`) return value;
    }
    return undefined;
  };

  // External annotations (`<Annotations Target="…">`), keyed by qualified target path.
  const external = new Map<string, Json>();
  for (const schema of schemas.values()) {
    if (!isObject(schema.$Annotations)) continue;
    for (const [target, values] of Object.entries(schema.$Annotations)) {
      if (!isObject(values)) continue;
      const slash = target.indexOf("/");
      const head = slash < 0 ? target : target.slice(0, slash);
      const qualified = qualify(head) + (slash < 0 ? "" : target.slice(slash));
      external.set(qualified, { ...(external.get(qualified) ?? {}), ...values });
    }
  }
  const annotated = (owner: Json, target: string, vocabulary: string, term: string): unknown =>
    annotation(owner, vocabulary, term) ?? annotation(external.get(target) ?? {}, vocabulary, term);

  const rawTypes = new Map<string, { namespace: string; localName: string; json: Json }>();
  const rawOperations: { namespace: string; localName: string; overload: Json }[] = [];
  let containerJson: Json | undefined;
  let containerName: string | undefined;
  const declaredContainer = typeof csdl.$EntityContainer === "string" ? qualify(csdl.$EntityContainer) : undefined;

  for (const [namespace, schema] of schemas) {
    for (const [localName, element] of Object.entries(schema)) {
      if (localName.startsWith("$") || localName.includes("@")) continue;
      if (Array.isArray(element)) {
        for (const overload of element) if (isObject(overload)) rawOperations.push({ namespace, localName, overload });
        continue;
      }
      if (!isObject(element)) continue;
      if (element.$Kind === "EntityContainer") {
        const qualified = `${namespace}.${localName}`;
        if (!declaredContainer || declaredContainer === qualified) {
          containerJson = element;
          containerName = qualified;
        }
        continue;
      }
      rawTypes.set(`${namespace}.${localName}`, { namespace, localName, json: element });
    }
  }
  if (!containerJson || !containerName) {
    throw new CodegenError(file, "no <EntityContainer> found: the document declares no entity sets");
  }

  const kindOf = (qualified: string): string | undefined => {
    if (qualified.startsWith("Edm.")) return PRIMITIVE_TYPES.has(qualified) ? "Primitive" : undefined;
    const raw = rawTypes.get(qualified);
    return raw && typeof raw.json.$Kind === "string" ? raw.json.$Kind : undefined;
  };
  const resolveType = (raw: unknown, where: string, allowed: readonly string[]): string => {
    const name = qualify(typeof raw === "string" ? raw : "Edm.String");
    const kind = kindOf(name);
    if (kind === undefined) {
      problems.push(
        name.startsWith("Edm.") ? `unknown primitive type ${name} at ${where}` : `unresolved type ${name} at ${where}`,
      );
    } else if (!allowed.includes(kind)) {
      problems.push(`${where} has type ${name} (a ${kind}), expected ${allowed.join(" or ")}`);
    }
    return name;
  };
  const VALUE_KINDS = ["Primitive", "ComplexType", "EnumType", "TypeDefinition", "EntityType"] as const;

  // Enums and type definitions.
  const enumTypes = new Map<string, EnumType>();
  const typeDefinitions = new Map<string, string>();
  for (const [qualified, { namespace, localName, json }] of rawTypes) {
    if (json.$Kind === "EnumType") {
      const members = Object.keys(json).filter((key) => !key.startsWith("$") && !key.includes("@"));
      enumTypes.set(qualified, {
        qualifiedName: qualified,
        localName,
        namespace,
        isFlags: json.$IsFlags === true,
        members,
      });
    } else if (json.$Kind === "TypeDefinition") {
      typeDefinitions.set(qualified, resolveType(json.$UnderlyingType, qualified, ["Primitive"]));
    }
  }

  // Structured types, base types flattened.
  const structured = new Map<string, StructuredType>();
  const building = new Set<string>();
  const buildStructured = (qualified: string): StructuredType | undefined => {
    const done = structured.get(qualified);
    if (done) return done;
    const raw = rawTypes.get(qualified);
    if (!raw || (raw.json.$Kind !== "EntityType" && raw.json.$Kind !== "ComplexType")) return undefined;
    if (building.has(qualified)) {
      problems.push(`base type cycle at ${qualified}`);
      return undefined;
    }
    building.add(qualified);
    const { json, namespace, localName } = raw;
    const kind = json.$Kind === "EntityType" ? "EntityType" : "ComplexType";
    let base: StructuredType | undefined;
    if (typeof json.$BaseType === "string") {
      const baseName = qualify(json.$BaseType);
      base = buildStructured(baseName);
      if (!base) problems.push(`unresolved base type ${baseName} of ${qualified}`);
    }
    const properties: Property[] = [...(base?.properties ?? [])];
    const navigation: NavigationProperty[] = [...(base?.navigation ?? [])];
    for (const [name, member] of Object.entries(json)) {
      if (name.startsWith("$") || name.includes("@") || !isObject(member)) continue;
      const where = `${qualified}/${name}`;
      if (member.$Kind === "NavigationProperty") {
        navigation.push({
          name,
          type: resolveType(member.$Type, where, ["EntityType"]),
          collection: member.$Collection === true,
          containsTarget: member.$ContainsTarget === true,
          ...(typeof member.$Partner === "string" ? { partner: member.$Partner } : {}),
        });
        continue;
      }
      const permissions = annotated(member, where, CORE, "Permissions");
      const permissionText = isObject(permissions) ? String(permissions.$EnumMember ?? "") : String(permissions ?? "");
      properties.push({
        name,
        type: resolveType(member.$Type, where, VALUE_KINDS),
        collection: member.$Collection === true,
        nullable: member.$Nullable === true,
        readOnly: annotated(member, where, CORE, "Computed") === true || /(^|\/)Read$/.test(permissionText),
        immutable: annotated(member, where, CORE, "Immutable") === true,
        ...(typeof member.$MaxLength === "number" ? { maxLength: member.$MaxLength } : {}),
        hasDefault: member.$DefaultValue !== undefined,
      });
    }
    let key = base?.key ?? [];
    if (Array.isArray(json.$Key)) {
      key = json.$Key.map((entry) =>
        typeof entry === "string" ? entry : isObject(entry) ? String(Object.values(entry)[0]) : "",
      );
    }
    for (const name of key) {
      if (!properties.some((property) => property.name === name)) {
        problems.push(`key property ${name} of ${qualified} is not declared`);
      }
    }
    if (kind === "EntityType" && key.length === 0 && json.$Abstract !== true) {
      problems.push(`entity type ${qualified} declares no key`);
    }
    const type: StructuredType = {
      kind,
      qualifiedName: qualified,
      localName,
      namespace,
      openType: json.$OpenType === true || base?.openType === true,
      abstract: json.$Abstract === true,
      key,
      properties,
      navigation,
    };
    building.delete(qualified);
    structured.set(qualified, type);
    return type;
  };
  for (const qualified of rawTypes.keys()) buildStructured(qualified);
  const entityTypes = new Map<string, StructuredType>();
  const complexTypes = new Map<string, StructuredType>();
  for (const [name, type] of [...structured].sort(([a], [b]) => byString(a, b))) {
    (type.kind === "EntityType" ? entityTypes : complexTypes).set(name, type);
  }

  // Operations.
  const typeRef = (json: Json, where: string): TypeRef => ({
    type: resolveType(json.$Type, where, VALUE_KINDS),
    collection: json.$Collection === true,
    nullable: json.$Nullable === true,
  });
  const operations: Operation[] = [];
  for (const { namespace, localName, overload } of rawOperations) {
    if (overload.$Kind !== "Action" && overload.$Kind !== "Function") continue;
    const qualifiedName = `${namespace}.${localName}`;
    const rawParameters = Array.isArray(overload.$Parameter) ? overload.$Parameter.filter(isObject) : [];
    const bound = overload.$IsBound === true;
    const [bindingJson, ...rest] = rawParameters;
    if (bound && !bindingJson) {
      problems.push(`bound ${overload.$Kind} ${qualifiedName} has no binding parameter`);
      continue;
    }
    const parameters = (bound ? rest : rawParameters).map((parameter) => ({
      name: String(parameter.$Name),
      ...typeRef(parameter, `${qualifiedName}(${String(parameter.$Name)})`),
    }));
    operations.push({
      kind: overload.$Kind,
      qualifiedName,
      localName,
      namespace,
      bound,
      ...(bound && bindingJson ? { binding: typeRef(bindingJson, `${qualifiedName} binding parameter`) } : {}),
      parameters,
      ...(isObject(overload.$ReturnType)
        ? { returnType: typeRef(overload.$ReturnType, `${qualifiedName} return type`) }
        : {}),
    });
  }
  const boundOperations = operations
    .filter((operation) => operation.bound)
    .sort(
      (a, b) =>
        byString(a.qualifiedName, b.qualifiedName) ||
        byString(a.binding?.type ?? "", b.binding?.type ?? "") ||
        Number(a.binding?.collection) - Number(b.binding?.collection),
    );

  // Container: entity sets and imports.
  const entitySets: EntitySet[] = [];
  const imports: OperationImport[] = [];
  const capability = (set: Json, target: string, term: string, property: string): boolean => {
    const value = annotated(set, target, CAPABILITIES, term);
    return !(isObject(value) && value[property] === false);
  };
  for (const [name, member] of Object.entries(containerJson)) {
    if (name.startsWith("$") || name.includes("@") || !isObject(member)) continue;
    const target = `${containerName}/${name}`;
    if (typeof member.$Action === "string" || typeof member.$Function === "string") {
      const kind = typeof member.$Action === "string" ? "Action" : "Function";
      const operationName = qualify(String(member.$Action ?? member.$Function));
      const operation = operations.find(
        (candidate) => candidate.qualifiedName === operationName && !candidate.bound && candidate.kind === kind,
      );
      if (!operation) problems.push(`${kind.toLowerCase()} import ${name} refers to unknown ${kind} ${operationName}`);
      else imports.push({ name, operation });
      continue;
    }
    if (member.$Collection !== true) continue; // singletons are not part of these APIs
    const type = resolveType(member.$Type, `entity set ${name}`, ["EntityType"]);
    const concurrency = annotated(member, target, CORE, "OptimisticConcurrency");
    entitySets.push({
      name,
      type,
      insertable: capability(member, target, "InsertRestrictions", "Insertable"),
      updatable: capability(member, target, "UpdateRestrictions", "Updatable"),
      deletable: capability(member, target, "DeleteRestrictions", "Deletable"),
      optimisticConcurrency: Array.isArray(concurrency) && concurrency.length > 0,
    });
  }
  entitySets.sort((a, b) => byString(a.name, b.name));
  imports.sort((a, b) => byString(a.name, b.name));

  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join("; ");
    const more = problems.length > 20 ? ` (and ${problems.length - 20} more)` : "";
    throw new CodegenError(file, `${problems.length} invalid reference(s): ${shown}${more}`);
  }
  return {
    odataVersion,
    container: containerName,
    entityTypes,
    complexTypes,
    enumTypes,
    typeDefinitions,
    entitySets,
    boundOperations,
    imports,
  };
}
