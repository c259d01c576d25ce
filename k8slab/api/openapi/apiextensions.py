"""apiextensions.k8s.io/v1 schemas: CustomResourceDefinition and the JSON Schema subset (JSONSchemaProps)
that describes a custom resource.

Facts (field names, types, markers) from k8s.io/apiextensions-apiserver v0.32.0
pkg/apis/apiextensions/v1/types.go and types_jsonschema.go. JSON, JSONSchemaPropsOrArray,
JSONSchemaPropsOrBool and JSONSchemaPropsOrStringArray have hand-written JSON (un)marshalling
upstream, so their schemas carry no type: any JSON value is accepted there.

Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare, declare_raw

_P = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
declare_raw(_P + "JSON", "Any JSON value: an object, array, string, number, boolean or null.", {})
declare_raw(_P + "JSONSchemaPropsOrArray", "Either one schema (every item must match it) or an array of "
            "schemas (one per position).", {})
declare_raw(_P + "JSONSchemaPropsOrBool", "Either a boolean (true allows anything, false nothing) or a "
            "schema.", {})
declare_raw(_P + "JSONSchemaPropsOrStringArray", "Either a schema or a list of property names.", {})

declare("apiextensions", """
CustomResourceDefinition (kind, list): Adds a new resource type to the API server. Once it is established,
    objects of the new kind can be created, listed and watched like built-in ones, at
    /apis/<group>/<version>/<plural>.
  spec*                     CustomResourceDefinitionSpec  -- Group, names, scope and versions of the new type.
  status                    CustomResourceDefinitionStatus  -- Whether the names were accepted and the type is
    established.

CustomResourceDefinitionSpec: Description of a custom resource type.
  group*                    string  -- The API group, e.g. stable.example.com. The CRD's name must be
    <plural>.<group>.
  names*                    CustomResourceDefinitionNames  -- Plural, singular, kind and short names.
  scope*                    string  -- Namespaced or Cluster.
  versions*                 [CustomResourceDefinitionVersion]  list=atomic  -- The versions served; exactly one
    is stored.
  conversion                CustomResourceConversion?  -- How objects are converted between versions.
  preserveUnknownFields     bool  -- Deprecated; must be false. Use x-kubernetes-preserve-unknown-fields in the
    schema instead.

CustomResourceDefinitionNames: The names of a custom resource.
  plural*                   string  -- Plural resource name, used in URLs: crontabs.
  singular                  string  -- Singular name, for kubectl: crontab.
  shortNames                [string]  list=atomic  -- Short names for kubectl: ct.
  kind*                     string  -- The kind, in CamelCase: CronTab.
  listKind                  string  -- Kind of lists; <kind>List by default.
  categories                [string]  list=atomic  -- Groups such as "all" that kubectl get expands.

CustomResourceDefinitionVersion: One version of a custom resource.
  name*                     string  -- Version name, e.g. v1 or v1beta1, used in URLs.
  served*                   bool  -- Whether the API serves this version.
  storage*                  bool  -- Whether objects are stored in this version. Exactly one version has it.
  deprecated                bool  -- Whether clients get a deprecation warning.
  deprecationWarning        string  -- The warning text.
  schema                    CustomResourceValidation?  -- The version's structural schema, used to validate,
    prune unknown fields and default.
  subresources              CustomResourceSubresources?  -- Status and scale subresources.
  additionalPrinterColumns  [CustomResourceColumnDefinition]  list=atomic  -- Extra columns for kubectl get.
  selectableFields          [SelectableField]  list=atomic  -- Fields that field selectors may use.

CustomResourceValidation: The schema of a version.
  openAPIV3Schema           JSONSchemaProps?  -- The OpenAPI v3 schema of the whole object.

CustomResourceSubresources: Subresources of a custom resource.
  status                    CustomResourceSubresourceStatus?  -- Enable /status: status is then only changed
    through it, and spec changes bump metadata.generation.
  scale                     CustomResourceSubresourceScale?  -- Enable /scale, for kubectl scale and autoscalers.

CustomResourceSubresourceStatus: Enables the status subresource. It has no fields.

CustomResourceSubresourceScale: Where the scale subresource finds its numbers.
  specReplicasPath*         string  -- JSON path of the desired replicas, e.g. .spec.replicas.
  statusReplicasPath*       string  -- JSON path of the current replicas, e.g. .status.replicas.
  labelSelectorPath         string  -- JSON path of the pod selector string, e.g. .status.selector.

CustomResourceColumnDefinition: An extra column for kubectl get.
  name*                     string  -- Column header.
  type*                     string  -- integer, number, string, boolean or date.
  format                    string  -- A format hint, e.g. int32.
  description               string  -- Help text of the column.
  priority                  int32  -- 0 shows by default; higher only with -o wide.
  jsonPath*                 string  -- JSON path of the value, e.g. .spec.cronSpec.

SelectableField: A field usable in field selectors.
  jsonPath*                 string  -- JSON path of the field, e.g. .spec.color.

CustomResourceConversion: How to convert between versions.
  strategy*                 string  -- None (only apiVersion changes) or Webhook.
  webhook                   WebhookConversion?  -- The conversion webhook, for strategy Webhook.

WebhookConversion: A conversion webhook.
  clientConfig              WebhookClientConfig?  -- How to call it.
  conversionReviewVersions*  [string]  list=atomic  -- ConversionReview versions it understands, preferred first.

WebhookClientConfig: How to reach a webhook.
  url                       string  -- An https URL.
  service                   ServiceReference?  -- A Service in the cluster, instead of url.
  caBundle                  bytes  -- PEM CA certificates to verify the webhook's certificate.

ServiceReference: A Service to call.
  namespace*                string  -- Namespace of the Service.
  name*                     string  -- Name of the Service.
  path                      string  -- URL path.
  port                      int32  -- Port; 443 by default.

CustomResourceDefinitionStatus: Observed state of a CRD.
  conditions                [CustomResourceDefinitionCondition]  list=map(type)  -- Established,
    NamesAccepted, Terminating...
  acceptedNames             CustomResourceDefinitionNames  -- The names actually in use.
  storedVersions            [string]  list=atomic  -- Versions that objects have ever been stored in.

CustomResourceDefinitionCondition: One aspect of a CRD's state.
  type*                     string  -- Established, NamesAccepted, NonStructuralSchema, Terminating...
  status*                   string  -- True, False or Unknown.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word for the last change.
  message                   string  -- A sentence about the last change.

JSONSchemaProps: A JSON Schema (OpenAPI v3 subset) with Kubernetes extensions, describing one value of a
    custom resource.
  id                        string  -- Schema id; not used.
  $schema                   string  -- Schema dialect; not used.
  $ref                      string  -- Not allowed in CRDs.
  description               string  -- Documentation, shown by kubectl explain.
  type                      string  -- object, array, string, integer, number or boolean.
  format                    string  -- A format such as int32, date-time or byte.
  title                     string  -- A title.
  default                   JSON?  -- Value used when the field is missing (structural schemas only).
  maximum                   number  -- Largest allowed number.
  exclusiveMaximum          bool  -- Whether maximum itself is excluded.
  minimum                   number  -- Smallest allowed number.
  exclusiveMinimum          bool  -- Whether minimum itself is excluded.
  maxLength                 int64  -- Longest allowed string.
  minLength                 int64  -- Shortest allowed string.
  pattern                   string  -- Regular expression strings must match.
  maxItems                  int64  -- Most array items.
  minItems                  int64  -- Fewest array items.
  uniqueItems               bool  -- Not allowed in CRDs; use x-kubernetes-list-type set.
  multipleOf                number  -- Numbers must be a multiple of this.
  enum                      [JSON]  list=atomic  -- The allowed values.
  maxProperties             int64  -- Most object properties.
  minProperties             int64  -- Fewest object properties.
  required                  [string]  list=atomic  -- Properties that must be present.
  items                     JSONSchemaPropsOrArray?  -- Schema of array items.
  allOf                     [JSONSchemaProps]  list=atomic  -- The value must match every one of these.
  oneOf                     [JSONSchemaProps]  list=atomic  -- The value must match exactly one of these.
  anyOf                     [JSONSchemaProps]  list=atomic  -- The value must match at least one of these.
  not                       JSONSchemaProps?  -- The value must not match this.
  properties                {JSONSchemaProps}  -- Schemas of named object properties.
  additionalProperties      JSONSchemaPropsOrBool?  -- Schema of other properties (a map's values).
  patternProperties         {JSONSchemaProps}  -- Schemas of properties whose names match a pattern.
  dependencies              {JSONSchemaPropsOrStringArray}  -- Properties required when another is present.
  additionalItems           JSONSchemaPropsOrBool?  -- Schema of extra array items.
  definitions               {JSONSchemaProps}  -- Reusable schemas; not allowed in CRDs.
  externalDocs              ExternalDocumentation?  -- A link to more documentation.
  example                   JSON?  -- An example value.
  nullable                  bool  -- Whether null is accepted (and kept) as a value.
  x-kubernetes-preserve-unknown-fields  bool  -- Keep fields the schema does not declare instead of pruning them.
  x-kubernetes-embedded-resource  bool  -- The value is a whole object with apiVersion, kind and metadata.
  x-kubernetes-int-or-string  bool  -- The value may be an integer or a string.
  x-kubernetes-list-map-keys  [string]  list=atomic  -- Key fields of a list-type map.
  x-kubernetes-list-type    string  -- atomic, set or map: how server-side apply merges the array.
  x-kubernetes-map-type     string  -- granular or atomic: how server-side apply merges the object.
  x-kubernetes-validations  [ValidationRule]  list=map(rule) smp=merge:rule  -- CEL rules the value must satisfy.

ValidationRule: A CEL validation rule.
  rule*                     string  -- The CEL expression, e.g. "self.minReplicas <= self.maxReplicas".
  message                   string  -- Error message when the rule fails.
  messageExpression         string  -- A CEL expression that builds the error message.
  reason                    string  enum=FieldValueDuplicate|FieldValueForbidden|FieldValueInvalid|FieldValueRequired
    -- The error reason to report.
  fieldPath                 string  -- The field to blame, relative to the value.
  optionalOldSelf           bool  -- Also run the rule on create, with oldSelf unset.

ExternalDocumentation: A link to documentation.
  description               string  -- What it is.
  url                       string  -- Where it is.
""")
