"""Schemas of authentication.k8s.io/v1 (TokenReview, TokenRequest), authorization.k8s.io/v1 (the
access reviews behind `kubectl auth can-i`) and certificates.k8s.io/v1 (CertificateSigningRequest).

Facts (field names, types, markers) from k8s.io/api v0.32.0 authentication/v1, authorization/v1
and certificates/v1 types.go.
Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare

declare("authentication", """
TokenReview (kind): Asks the API server who a bearer token belongs to. Create-only: the answer comes back
    in status and nothing is stored.
  spec*                     TokenReviewSpec  -- The token to check.
  status                    TokenReviewStatus  -- The verdict and the user behind the token.

TokenReviewSpec: A token to check.
  token                     string  -- The bearer token.
  audiences                 [string]  list=atomic  -- Audiences the token must be valid for; the API server's
    own when empty.

TokenReviewStatus: The result of a token review.
  authenticated             bool  -- Whether the token is valid.
  user                      UserInfo  -- Who it belongs to.
  audiences                 [string]  list=atomic  -- Audiences the token is valid for.
  error                     string  -- Why the check failed.

UserInfo: A user as the authenticator saw it.
  username                  string  -- User name, e.g. system:serviceaccount:default:default.
  uid                       string  -- A unique id of the user.
  groups                    [string]  list=atomic  -- Groups the user belongs to, e.g. system:authenticated.
  extra                     {[string]}  -- Other information from the authenticator.

TokenRequest (kind): Asks for a new short-lived token of a service account (the token subresource;
    kubectl create token).
  spec*                     TokenRequestSpec  -- Audience, lifetime and binding of the token.
  status                    TokenRequestStatus  -- The token.

TokenRequestSpec: What token to issue.
  audiences*                [string]  list=atomic  -- Who the token is for.
  expirationSeconds         int64  -- Requested lifetime; one hour by default.
  boundObjectRef            BoundObjectReference?  -- An object (pod, secret, node) whose deletion invalidates
    the token.

BoundObjectReference: The object a token is bound to.
  kind                      string  -- Pod, Secret or Node.
  apiVersion                string  -- Its API version.
  name                      string  -- Its name.
  uid                       string  -- Its uid.

TokenRequestStatus: The issued token.
  token*                    string  -- The token, a signed JWT.
  expirationTimestamp*      Time  -- When it expires.
""")

declare("authorization", """
SelfSubjectAccessReview (kind): Asks "may I do this?" for the caller itself; kubectl auth can-i sends one.
    Create-only: the answer is in status.
  spec*                     SelfSubjectAccessReviewSpec  -- The action to check.
  status                    SubjectAccessReviewStatus  -- Whether it is allowed.

SelfSubjectAccessReviewSpec: An action to check. Set exactly one field.
  resourceAttributes        ResourceAttributes?  -- An action on a resource.
  nonResourceAttributes     NonResourceAttributes?  -- An action on a URL path.

SubjectAccessReview (kind): Asks whether a given user may do something. Create-only.
  spec*                     SubjectAccessReviewSpec  -- The user and the action.
  status                    SubjectAccessReviewStatus  -- Whether it is allowed.

LocalSubjectAccessReview (kind): Like SubjectAccessReview, limited to one namespace, so that namespace
    admins may be allowed to ask.
  spec*                     SubjectAccessReviewSpec  -- The user and the action; the namespace must be this one.
  status                    SubjectAccessReviewStatus  -- Whether it is allowed.

SubjectAccessReviewSpec: A user and an action to check. Set resourceAttributes or nonResourceAttributes.
  resourceAttributes        ResourceAttributes?  -- An action on a resource.
  nonResourceAttributes     NonResourceAttributes?  -- An action on a URL path.
  user                      string  -- The user to check.
  groups                    [string]  list=atomic  -- Their groups.
  extra                     {[string]}  -- Other authenticator information.
  uid                       string  -- Their uid.

ResourceAttributes: An action on a resource, as the authorizer sees a request.
  namespace                 string  -- Namespace of the action; "" means all namespaces (or cluster-scoped).
  verb                      string  -- get, list, watch, create, update, patch, delete... "*" means all.
  group                     string  -- API group; "*" means all.
  version                   string  -- API version; "*" means all.
  resource                  string  -- Resource, e.g. pods; "*" means all.
  subresource               string  -- Subresource, e.g. log.
  name                      string  -- Object name; "" means all.
  fieldSelector             FieldSelectorAttributes?  -- The field selector of a list or watch.
  labelSelector             LabelSelectorAttributes?  -- The label selector of a list or watch.

FieldSelectorAttributes: A field selector in an access check.
  rawSelector               string  -- The selector as sent in the query.
  requirements              [FieldSelectorRequirement]  list=atomic  -- The selector, parsed.

LabelSelectorAttributes: A label selector in an access check.
  rawSelector               string  -- The selector as sent in the query.
  requirements              [LabelSelectorRequirement]  list=atomic  -- The selector, parsed.

NonResourceAttributes: An action on a URL that is not a resource.
  path                      string  -- The path, e.g. /healthz.
  verb                      string  -- The HTTP verb, lower case.

SubjectAccessReviewStatus: The answer to an access review.
  allowed*                  bool  -- Whether the action is allowed.
  denied                    bool  -- Whether it was explicitly denied. Both false means no opinion.
  reason                    string  -- Why, e.g. which RBAC binding allowed it.
  evaluationError           string  -- A problem while checking; the answer may still be set.

SelfSubjectRulesReview (kind): Lists what the caller may do in a namespace (kubectl auth can-i --list).
  spec*                     SelfSubjectRulesReviewSpec  -- The namespace.
  status                    SubjectRulesReviewStatus  -- The rules.

SelfSubjectRulesReviewSpec: What to list.
  namespace                 string  -- The namespace to list rules for.

SubjectRulesReviewStatus: The caller's rules.
  resourceRules*            [ResourceRule]  list=atomic  -- Allowed actions on resources.
  nonResourceRules*         [NonResourceRule]  list=atomic  -- Allowed actions on URLs.
  incomplete*               bool  -- True when an authorizer could not list its rules.
  evaluationError           string  -- Problems while listing.

ResourceRule: Allowed verbs on resources.
  verbs*                    [string]  list=atomic  -- The verbs.
  apiGroups                 [string]  list=atomic  -- The API groups.
  resources                 [string]  list=atomic  -- The resources.
  resourceNames             [string]  list=atomic  -- Only these object names.

NonResourceRule: Allowed verbs on URLs.
  verbs*                    [string]  list=atomic  -- The verbs.
  nonResourceURLs           [string]  list=atomic  -- The URL paths; a trailing * matches a prefix.
""")

declare("certificates", """
CertificateSigningRequest (kind, list): A request for a signed X.509 certificate. An approver adds an
    Approved condition; then the signer named in the request puts the certificate in status.
  spec*                     CertificateSigningRequestSpec  -- The request and who made it.
  status                    CertificateSigningRequestStatus  -- Approval conditions and the certificate.

CertificateSigningRequestSpec: A certificate request.
  request*                  bytes  list=atomic  -- The PEM-encoded PKCS#10 request, base64 in JSON.
  signerName*               string  -- Which signer should sign, e.g. kubernetes.io/kube-apiserver-client.
  expirationSeconds         int32  -- Requested validity of the certificate.
  usages                    [string]  list=atomic  -- Key usages, e.g. "client auth", "digital signature".
  username                  string  -- The user who created the request; set by the server.
  uid                       string  -- That user's uid; set by the server.
  groups                    [string]  list=atomic  -- That user's groups; set by the server.
  extra                     {[string]}  -- Other information about that user; set by the server.

CertificateSigningRequestStatus: State of a certificate request.
  conditions                [CertificateSigningRequestCondition]  list=map(type)  -- Approved, Denied, Failed.
  certificate               bytes  list=atomic  -- The issued certificate, PEM, base64 in JSON.

CertificateSigningRequestCondition: A decision about a request.
  type*                     string  -- Approved, Denied or Failed.
  status*                   string  -- True, False or Unknown.
  reason                    string  -- A CamelCase word, e.g. KubectlApprove.
  message                   string  -- A sentence about the decision.
  lastUpdateTime            Time  -- When it was last updated.
  lastTransitionTime        Time  -- When status last changed.
""")
