/**
 * The public names jsii reports as reserved words (JSII5018, language-compatibility/reserved-word)
 * that the library keeps on purpose, each with why the generated code stays valid.
 *
 * `npx projen compile` (scripts/jsii-compile.ts) fails when jsii reports a reserved word that
 * is not listed here, or when a listed one is no longer reported. Add a name only after
 * generating the four targets (`npx jsii-pacmak --code-only --targets python,go,java,dotnet`)
 * and checking what each makes of it (docs/languages.md, "Reserved words").
 *
 * Keys: `Type.property`, `Type.method(parameter)`, `Type.method` or `Enum.MEMBER`.
 */

/** C#: properties are PascalCase (`Operator`, `Namespace`) and parameters get a `@` prefix. */
const CSHARP_ONLY = 'a reserved word in C# only; jsii-pacmak writes C# properties in PascalCase and prefixes parameters with @, Python, Java and Go use the name as is';
/** Go: every exported member is capitalised (`Type`). */
const GO_ONLY = 'a reserved word in Go only; Go code uses it capitalised (Type), the other three languages as is';

export interface AcknowledgedReservedWord {
  /** The languages jsii names in its message, in its order (C#, Java, Python, Go). */
  readonly languages: readonly string[];
  /** Why the name is kept: the Kubernetes field it mirrors and why every target compiles. */
  readonly reason: string;
}

export const ACKNOWLEDGED_RESERVED_WORDS: Readonly<Record<string, AcknowledgedReservedWord>> = {
  'Toleration.operator': { languages: ['C#'], reason: `core/v1 Toleration.operator; ${CSHARP_ONLY}` },
  'NodeAffinityRule.operator': { languages: ['C#'], reason: `core/v1 NodeSelectorRequirement.operator; ${CSHARP_ONLY}` },
  'SelectorRequirement.operator': { languages: ['C#'], reason: `meta/v1 LabelSelectorRequirement.operator; ${CSHARP_ONLY}` },
  'ParamRefOptions.namespace': { languages: ['C#'], reason: `admissionregistration/v1 ParamRef.namespace; ${CSHARP_ONLY}` },
  'ParamRef.namespace': { languages: ['C#'], reason: `admissionregistration/v1 ParamRef.namespace; ${CSHARP_ONLY}` },
  'AuthorizationCheck.namespace': { languages: ['C#'], reason: `authorization/v1 ResourceAttributes.namespace; ${CSHARP_ONLY}` },
  'CelAuthorizationRequest.namespace': { languages: ['C#'], reason: `the CEL authorizer library's .namespace(); ${CSHARP_ONLY}` },
  'AuthorizationRequest.namespace': { languages: ['C#'], reason: `authorization/v1 ResourceAttributes.namespace; ${CSHARP_ONLY}` },
  'FlowRequest.namespace': { languages: ['C#'], reason: `the request's namespace as flowcontrol matches it (ResourcePolicyRule.namespaces); ${CSHARP_ONLY}` },
  'Subject.namespace': { languages: ['C#'], reason: `flowcontrol/v1 ServiceAccountSubject.namespace; ${CSHARP_ONLY}` },
  'Subject.serviceAccount(namespace)': { languages: ['C#'], reason: `flowcontrol/v1 ServiceAccountSubject.namespace; ${CSHARP_ONLY}` },
  'Subject.allServiceAccountsIn(namespace)': { languages: ['C#'], reason: `flowcontrol/v1 ServiceAccountSubject.namespace; ${CSHARP_ONLY}` },
  'Authorizer.type': { languages: ['Go'], reason: `apiserver AuthorizerConfiguration.type; ${GO_ONLY}` },
  'AuthorizerOutcome.type': { languages: ['Go'], reason: `apiserver AuthorizerConfiguration.type; ${GO_ONLY}` },
  'WebhookConnection.type': { languages: ['Go'], reason: `apiserver WebhookConnectionInfo.type; ${GO_ONLY}` },
  'LimitResponse.type': { languages: ['Go'], reason: `flowcontrol/v1 LimitResponse.type; ${GO_ONLY}` },
  'PriorityLevelLimits.type': { languages: ['Go'], reason: `flowcontrol/v1 PriorityLevelConfigurationSpec.type; ${GO_ONLY}` },
  'PatchOperation.copy': { languages: ['Go'], reason: `the JSON Patch "copy" operation (RFC 6902), beside add/remove/replace/move/test; Go's builtin copy, while jsii-pacmak writes the static method as PatchOperation_Copy; the other three languages use copy/Copy` },
};

/** One reserved-word report of jsii, located at the declaration it names. */
export interface ReservedWordReport {
  readonly key: string;
  readonly languages: readonly string[];
  readonly where: string;
}

/** Differences between jsii's reports and the list; empty when they agree. */
export function compareReservedWords(
  reports: readonly ReservedWordReport[],
  acknowledged: Readonly<Record<string, AcknowledgedReservedWord>> = ACKNOWLEDGED_RESERVED_WORDS,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of reports) {
    seen.add(r.key);
    const ack = acknowledged[r.key];
    if (!ack) {
      problems.push(`${r.where}: jsii reports "${r.key}" as a reserved word in ${r.languages.join(', ')}, and it is not acknowledged in scripts/jsii-reserved-words.ts. `
        + 'Generate the targets and check each language; add it with the reason it is valid, or rename it.');
    } else if (ack.languages.join(',') !== r.languages.join(',')) {
      problems.push(`${r.where}: "${r.key}" is reserved in ${r.languages.join(', ')} (acknowledged for ${ack.languages.join(', ')}). Check the new languages and update the entry.`);
    }
  }
  for (const key of Object.keys(acknowledged)) {
    if (!seen.has(key)) problems.push(`"${key}" is acknowledged in scripts/jsii-reserved-words.ts but jsii no longer reports it. Remove the entry.`);
  }
  return problems;
}
