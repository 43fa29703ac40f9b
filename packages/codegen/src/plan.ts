/**
 * The API surface to emit, decided once from the model and the vendor profile, and shared by every emitter
 * (OpenAPI/TypeScript, entity-set map, JSON Schemas): TypeScript names, create/update rules and the narrow path map.
 *
 * Paths: one collection and one item path per entity set (nested under its containment parent, e.g. BC's
 * `companies({company_id})`), one collection and item path per containment collection navigation (order lines),
 * one path per single-valued 1:1 containment child (e.g. `pdfDocument`), one per bound operation on each of those,
 * and one per action/function import. Non-containment navigation (B1's 1,487 links between sets) gets no path: it is
 * reached with `$expand` or through its own entity set, which is what keeps the path map narrow.
 */
import type { EntitySet, Operation, Property, ServiceModel, StructuredType, TypeRef } from "./model.js";
import { byString } from "./model.js";
import type { ResolvedProfile } from "./profile.js";

export interface PathParameter {
  name: string;
  /** Qualified primitive or enum type of the key property. */
  type: string;
}

export type PathKind = "collection" | "item" | "child" | "action" | "function";

export interface PlannedPath {
  template: string;
  kind: PathKind;
  pathParameters: PathParameter[];
  /** Entity type served (collection, item, child). */
  entityType?: StructuredType;
  /** Methods allowed on collection and item paths. */
  methods: { get: boolean; post: boolean; patch: boolean; delete: boolean };
  operation?: Operation;
  /** Entity set this path belongs to (for the entity-set map). */
  entitySet?: string;
  /** For navigation paths, the navigation property name. */
  navigation?: string;
}

export interface EntityRules {
  /** Properties required on create. */
  requiredOnCreate: string[];
  /** Properties never sent on create (read-only). Navigation and `@odata.etag` are not part of entity types. */
  omitOnCreate: string[];
  /** Properties never sent on update (keys, read-only, immutable). */
  omitOnUpdate: string[];
  /** Containment collection navigations accepted in a create body (deep insert), name → target entity type. */
  deepInsert: { name: string; type: string }[];
}

export interface PlannedEntitySet {
  set: EntitySet;
  entityType: StructuredType;
  collectionPath: PlannedPath;
  itemPath: PlannedPath;
  /** Parent key parameters (from the containment parent) shared by both paths. */
  parentParameters: PathParameter[];
  navigation: PlannedPath[];
  operations: PlannedPath[];
}

export interface ApiPlan {
  model: ServiceModel;
  profile: ResolvedProfile;
  /** Qualified type name → TypeScript/OpenAPI schema name. */
  names: Map<string, string>;
  createName: (entityType: string) => string;
  updateName: (entityType: string) => string;
  collectionName: (entityType: string) => string;
  navigationName: (entityType: string) => string;
  /** Entity types that need Create/Update/Collection schemas, with their rules. */
  writable: Map<string, EntityRules>;
  entitySets: PlannedEntitySet[];
  imports: PlannedPath[];
  /** Every path, sorted by template. */
  paths: PlannedPath[];
}

/** Names the generated files export besides the schema names; a schema that would clash is renamed. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  "paths",
  "components",
  "operations",
  "webhooks",
  "$defs",
  "EntitySets",
  "EntitySetName",
  "EntitySetInfo",
  "ODataError",
  "CreateOf",
  "UpdateOf",
  "Selected",
  "SelectFrom",
  "SelectableField",
  "UserFields",
  "UserFieldValue",
  "EdmDecimal",
  "ODataCollection",
  "ServiceInfo",
  "Operations",
  "OperationPath",
  "Expanded",
  "JsonBody",
  "EmptyBody",
  "Ok",
  "Created",
  "NoContent",
  "NoPathParams",
  "CollectionQuery",
  "EntityQuery",
  "ListOperation",
  "ReadOperation",
  "CreateOperation",
  "UpdateOperation",
  "DeleteOperation",
  "ActionOperation",
  "ActionWithBodyOperation",
  "ActionWithBodyPath",
  "FunctionOperation",
  "CollectionPath",
  "InsertablePath",
  "EntityPath",
  "UpdatablePath",
  "DeletablePath",
  "ActionPath",
  "FunctionPath",
  "EntityOf",
  "CreateBodyOf",
  "UpdateBodyOf",
  "ActionImportPath",
  "FunctionImportPath",
]);

function pascal(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$]/g, "_");
  const head = cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
  return /^[0-9]/.test(head) ? `_${head}` : head;
}

function assignNames(model: ServiceModel): Map<string, string> {
  const qualified = [...model.enumTypes.keys(), ...model.complexTypes.keys(), ...model.entityTypes.keys()].sort(
    byString,
  );
  const taken = new Set<string>(RESERVED_NAMES);
  const names = new Map<string, string>();
  // Entity types first so that they keep the plain names, then complex and enum types.
  const order = [
    ...qualified.filter((name) => model.entityTypes.has(name)),
    ...qualified.filter((name) => model.complexTypes.has(name)),
    ...qualified.filter((name) => model.enumTypes.has(name)),
  ];
  const derivedSuffixes = ["Create", "Update", "Collection", "Navigation"];
  for (const name of order) {
    const local = name.slice(name.lastIndexOf(".") + 1);
    const namespace = name.slice(0, name.lastIndexOf("."));
    let candidate = pascal(local);
    const clashes = (value: string) =>
      taken.has(value) || (model.entityTypes.has(name) && derivedSuffixes.some((suffix) => taken.has(value + suffix)));
    if (clashes(candidate)) candidate = pascal(namespace.split(".").map(pascal).join("") + pascal(local));
    let counter = 2;
    const base = candidate;
    while (clashes(candidate)) candidate = `${base}${counter++}`;
    taken.add(candidate);
    if (model.entityTypes.has(name)) for (const suffix of derivedSuffixes) taken.add(candidate + suffix);
    names.set(name, candidate);
  }
  return names;
}

function matches(patterns: readonly string[], type: StructuredType, property: string): boolean {
  return patterns.some((pattern) => {
    const [typePart, propertyPart] = pattern.includes(".") ? pattern.split(/\.(?=[^.]+$)/) : ["*", pattern];
    return (
      propertyPart === property && (typePart === "*" || typePart === type.localName || typePart === type.qualifiedName)
    );
  });
}

const SERVER_SET_KEY_TYPES = new Set(["Edm.Guid", "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte"]);

/** Properties that can appear in a request body (stream properties are media, not JSON). */
export function bodyProperties(type: StructuredType): Property[] {
  return type.properties.filter((property) => property.type !== "Edm.Stream");
}

function entityRules(profile: ResolvedProfile, type: StructuredType): EntityRules {
  const requiredOnCreate: string[] = [];
  const omitOnCreate: string[] = [];
  const omitOnUpdate: string[] = [];
  for (const property of bodyProperties(type)) {
    const isKey = type.key.includes(property.name);
    const readOnly = property.readOnly || matches(profile.readOnly, type, property.name);
    const serverSetKey =
      isKey &&
      (matches(profile.serverSetKeys, type, property.name) ||
        (SERVER_SET_KEY_TYPES.has(property.type) && !matches(profile.clientSetKeys, type, property.name)));
    if (readOnly) omitOnCreate.push(property.name);
    if (readOnly || isKey || property.immutable) omitOnUpdate.push(property.name);
    const required =
      !readOnly &&
      !serverSetKey &&
      !property.nullable &&
      !property.collection &&
      !property.hasDefault &&
      !matches(profile.optionalOnCreate, type, property.name);
    if (required) requiredOnCreate.push(property.name);
  }
  const deepInsert: { name: string; type: string }[] = [];
  for (const navigation of type.navigation) {
    if (navigation.containsTarget && navigation.collection && navigation.partner) {
      deepInsert.push({ name: navigation.name, type: navigation.type });
    }
  }
  return { requiredOnCreate, omitOnCreate, omitOnUpdate, deepInsert };
}

/** The instance annotation carrying the ETag in entity payloads. */
export function etagAnnotations(model: ServiceModel): string[] {
  return [model.odataVersion === "4.0" || model.odataVersion === "4.01" ? "@odata.etag" : "odata.etag"];
}

function keySegment(type: StructuredType, names: (key: string) => string, profile: ResolvedProfile): string {
  const format = (key: string): string => {
    const property = type.properties.find((candidate) => candidate.name === key);
    const quoted = profile.quoteKeyType(property?.type ?? "Edm.String");
    return quoted ? `'{${names(key)}}'` : `{${names(key)}}`;
  };
  if (type.key.length === 1) return `(${format(type.key[0] as string)})`;
  return `(${type.key.map((key) => `${key}=${format(key)}`).join(",")})`;
}

function keyParameters(type: StructuredType, names: (key: string) => string): PathParameter[] {
  return type.key.map((key) => ({
    name: names(key),
    type: type.properties.find((property) => property.name === key)?.type ?? "Edm.String",
  }));
}

function isStringy(type: string): boolean {
  return type === "Edm.String" || type === "Edm.Date" || type === "Edm.DateTimeOffset" || type === "Edm.Duration";
}

export function planApi(model: ServiceModel, profile: ResolvedProfile): ApiPlan {
  const names = assignNames(model);
  const nameOf = (qualified: string) => names.get(qualified) ?? pascal(qualified);
  const setsByName = new Map(model.entitySets.map((set) => [set.name, set]));

  // Containment parents: set N is contained in set P when P's type has a containment collection navigation named N
  // of N's type (BC: every business entity set under `companies`).
  const parentOf = new Map<string, EntitySet>();
  for (const parent of model.entitySets) {
    const parentType = model.entityTypes.get(parent.type);
    for (const navigation of parentType?.navigation ?? []) {
      const child = setsByName.get(navigation.name);
      if (navigation.containsTarget && navigation.collection && child && child.type === navigation.type) {
        if (child.name !== parent.name && !parentOf.has(child.name)) parentOf.set(child.name, parent);
      }
    }
  }
  const containedIn = (set: EntitySet): EntitySet[] => {
    const chain: EntitySet[] = [];
    const seen = new Set<string>([set.name]);
    let parent = parentOf.get(set.name);
    while (parent && !seen.has(parent.name)) {
      chain.unshift(parent);
      seen.add(parent.name);
      parent = parentOf.get(parent.name);
    }
    return chain;
  };
  const childSetNames = new Map<string, Set<string>>();
  for (const [child, parent] of parentOf) {
    const children = childSetNames.get(parent.name) ?? new Set<string>();
    children.add(child);
    childSetNames.set(parent.name, children);
  }

  const writable = new Map<string, EntityRules>();
  const needRules = (typeName: string) => {
    const type = model.entityTypes.get(typeName);
    if (type && !writable.has(typeName)) writable.set(typeName, entityRules(profile, type));
  };

  const boundBy = (type: StructuredType, collection: boolean): Operation[] =>
    model.boundOperations.filter(
      (operation) => operation.binding?.type === type.qualifiedName && operation.binding.collection === collection,
    );
  const operationPaths = (
    prefix: string,
    params: PathParameter[],
    type: StructuredType,
    collection: boolean,
    set?: string,
  ) =>
    boundBy(type, collection).map((operation): PlannedPath => {
      const segment = profile.qualifiedBoundOperations ? operation.qualifiedName : operation.localName;
      const functionParams = operation.kind === "Function" ? functionSegment(operation) : { segment: "", params: [] };
      return {
        template: `${prefix}/${segment}${functionParams.segment}`,
        kind: operation.kind === "Action" ? "action" : "function",
        pathParameters: [...params, ...functionParams.params],
        methods: { get: operation.kind === "Function", post: operation.kind === "Action", patch: false, delete: false },
        operation,
        ...(set ? { entitySet: set } : {}),
      };
    });
  const functionSegment = (operation: Operation): { segment: string; params: PathParameter[] } => {
    if (operation.parameters.length === 0) return { segment: "()", params: [] };
    const parts = operation.parameters.map((parameter) =>
      isStringy(parameter.type) && !parameter.collection
        ? `${parameter.name}='{${parameter.name}}'`
        : `${parameter.name}={${parameter.name}}`,
    );
    return {
      segment: `(${parts.join(",")})`,
      params: operation.parameters.map((parameter) => ({ name: parameter.name, type: parameter.type })),
    };
  };

  const entitySets: PlannedEntitySet[] = [];
  for (const set of model.entitySets) {
    const entityType = model.entityTypes.get(set.type);
    if (!entityType) continue;
    needRules(set.type);
    // Prefix from the containment chain: ancestors' keys are named `<typeName>_<key>`.
    let prefix = "";
    const parentParameters: PathParameter[] = [];
    for (const ancestor of containedIn(set)) {
      const ancestorType = model.entityTypes.get(ancestor.type);
      if (!ancestorType) continue;
      const rename = (key: string) => `${ancestorType.localName}_${key}`;
      prefix += `/${ancestor.name}${keySegment(ancestorType, rename, profile)}`;
      parentParameters.push(...keyParameters(ancestorType, rename));
    }
    const collectionTemplate = `${prefix}/${set.name}`;
    const plain = (key: string) => key;
    const itemTemplate = `${collectionTemplate}${keySegment(entityType, plain, profile)}`;
    const itemParameters = [...parentParameters, ...keyParameters(entityType, plain)];
    const collectionPath: PlannedPath = {
      template: collectionTemplate,
      kind: "collection",
      pathParameters: parentParameters,
      entityType,
      methods: { get: true, post: set.insertable, patch: false, delete: false },
      entitySet: set.name,
    };
    const itemPath: PlannedPath = {
      template: itemTemplate,
      kind: "item",
      pathParameters: itemParameters,
      entityType,
      methods: { get: true, post: false, patch: set.updatable, delete: set.deletable },
      entitySet: set.name,
    };

    // Containment navigation from the item (order lines, attachments), skipping the navigation that *is* a contained
    // entity set (companies({id})/salesOrders is the salesOrders set itself).
    const navigation: PlannedPath[] = [];
    const operations: PlannedPath[] = [
      ...operationPaths(collectionTemplate, parentParameters, entityType, true, set.name),
      ...operationPaths(itemTemplate, itemParameters, entityType, false, set.name),
    ];
    const ownChildren = childSetNames.get(set.name) ?? new Set<string>();
    const parentRename = (key: string) => `${entityType.localName}_${key}`;
    const navPrefix = `${collectionTemplate}${keySegment(entityType, parentRename, profile)}`;
    const navParameters = [...parentParameters, ...keyParameters(entityType, parentRename)];
    for (const nav of [...entityType.navigation].sort((a, b) => byString(a.name, b.name))) {
      if (!nav.containsTarget || ownChildren.has(nav.name)) continue;
      const target = model.entityTypes.get(nav.type);
      if (!target) continue;
      const targetSets = model.entitySets.filter((candidate) => candidate.type === nav.type);
      const insertable = targetSets.length === 0 || targetSets.some((candidate) => candidate.insertable);
      const updatable = targetSets.length === 0 || targetSets.some((candidate) => candidate.updatable);
      const deletable = targetSets.length === 0 || targetSets.some((candidate) => candidate.deletable);
      if (nav.collection) {
        needRules(nav.type);
        const navCollection = `${navPrefix}/${nav.name}`;
        const navItem = `${navCollection}${keySegment(target, plain, profile)}`;
        const navItemParameters = [...navParameters, ...keyParameters(target, plain)];
        navigation.push(
          {
            template: navCollection,
            kind: "collection",
            pathParameters: navParameters,
            entityType: target,
            methods: { get: true, post: insertable, patch: false, delete: false },
            entitySet: set.name,
            navigation: nav.name,
          },
          {
            template: navItem,
            kind: "item",
            pathParameters: navItemParameters,
            entityType: target,
            methods: { get: true, post: false, patch: updatable, delete: deletable },
            entitySet: set.name,
            navigation: nav.name,
          },
        );
        operations.push(...operationPaths(navItem, navItemParameters, target, false, set.name));
      } else if (nav.partner) {
        const back = target.navigation.find((candidate) => candidate.name === nav.partner);
        if (back && !back.collection) {
          navigation.push({
            template: `${navPrefix}/${nav.name}`,
            kind: "child",
            pathParameters: navParameters,
            entityType: target,
            methods: { get: true, post: false, patch: false, delete: false },
            entitySet: set.name,
            navigation: nav.name,
          });
        }
      }
    }
    entitySets.push({ set, entityType, collectionPath, itemPath, parentParameters, navigation, operations });
  }

  const imports: PlannedPath[] = model.imports.map(({ name, operation }) => {
    const functionParams = operation.kind === "Function" ? functionSegment(operation) : { segment: "", params: [] };
    return {
      template: `/${name}${functionParams.segment}`,
      kind: operation.kind === "Action" ? "action" : "function",
      pathParameters: functionParams.params,
      methods: { get: operation.kind === "Function", post: operation.kind === "Action", patch: false, delete: false },
      operation,
    };
  });

  // Types that only appear as deep-insert targets still need create rules.
  for (const [, rules] of [...writable]) for (const deep of rules.deepInsert) needRules(deep.type);

  const all = new Map<string, PlannedPath>();
  for (const planned of entitySets) {
    for (const path of [planned.collectionPath, planned.itemPath, ...planned.navigation, ...planned.operations]) {
      if (!all.has(path.template)) all.set(path.template, path);
    }
  }
  for (const path of imports) if (!all.has(path.template)) all.set(path.template, path);
  const paths = [...all.values()].sort((a, b) => byString(a.template, b.template));

  return {
    model,
    profile,
    names,
    createName: (type) => `${nameOf(type)}Create`,
    updateName: (type) => `${nameOf(type)}Update`,
    collectionName: (type) => `${nameOf(type)}Collection`,
    navigationName: (type) => `${nameOf(type)}Navigation`,
    writable: new Map([...writable].sort(([a], [b]) => byString(a, b))),
    entitySets,
    imports,
    paths,
  };
}

/** Whether a type reference points at a structured (complex or entity) type. */
export function isStructured(model: ServiceModel, ref: TypeRef | string): boolean {
  const type = typeof ref === "string" ? ref : ref.type;
  return model.complexTypes.has(type) || model.entityTypes.has(type);
}
