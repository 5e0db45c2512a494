/**
 * The one JUnit XML writer of the CLI (`check --format junit`, `admit --check --junit`,
 * `test --format junit`). It writes the common dialect CI systems read (Jenkins, GitLab,
 * GitHub test reporters): `<testsuites>` of `<testsuite>`s of `<testcase>`s, each with at most
 * one `<failure>` or `<skipped>`, and `<system-out>` for detail.
 *
 * Everything written comes from input (file names, object names, messages), so every string
 * is made safe for XML 1.0: markup characters are escaped as entities (so `]]>` cannot end
 * anything: no CDATA is used), and the characters XML 1.0 cannot hold at all, not even as a
 * character reference (C0 controls other than tab, line feed and carriage return; lone
 * surrogates; U+FFFE and U+FFFF), are written as the visible text `\uXXXX`.
 */

/** One `<testcase>`. */
export interface JUnitCase {
  /** `name` attribute. */
  readonly name: string;
  /** `classname` attribute (CI systems group test cases by it). */
  readonly classname: string;
  /** `<failure message type>` with the detail as its text; the case failed. */
  readonly failure?: { readonly message: string; readonly type: string; readonly detail?: string };
  /** `<skipped message>`; the case was not counted (a suppressed finding). */
  readonly skipped?: { readonly message: string };
  /** `<system-out>` text. */
  readonly output?: string;
  /** Seconds the case took. */
  readonly time?: number;
}

/** One `<testsuite>`. */
export interface JUnitSuite {
  /** `name` attribute. */
  readonly name: string;
  /** The cases, in order. */
  readonly cases: readonly JUnitCase[];
  /** `<properties>` (name/value pairs), in order. */
  readonly properties?: ReadonlyArray<readonly [string, string]>;
  /** `<system-out>` text of the suite. */
  readonly output?: string;
  /** Seconds the suite took. */
  readonly time?: number;
}

/** Replaces every character XML 1.0 cannot contain with the visible text `\uXXXX`. */
function xmlChars(text: string): string {
  // C0 controls except \t \n \r, lone surrogates, U+FFFE and U+FFFF.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Text content: `&`, `<` and `>` as entities (`>` too, so `]]>` never appears). */
export function xmlText(text: string): string {
  return xmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An attribute value (written between double quotes): markup characters as entities, and tab,
 * line feed and carriage return as character references, which attribute-value normalisation
 * would otherwise turn into spaces.
 */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function seconds(t: number | undefined): string {
  return (t ?? 0).toFixed(3);
}

function writeCase(c: JUnitCase): string {
  const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(c.classname)}" time="${seconds(c.time)}"`;
  const body: string[] = [];
  if (c.failure) {
    const detail = c.failure.detail ?? c.failure.message;
    body.push(`      <failure message="${xmlAttr(c.failure.message)}" type="${xmlAttr(c.failure.type)}">${xmlText(detail)}</failure>`);
  } else if (c.skipped) {
    body.push(`      <skipped message="${xmlAttr(c.skipped.message)}"/>`);
  }
  if (c.output) body.push(`      <system-out>${xmlText(c.output)}</system-out>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

/** The JUnit XML document for `suites` (`name` names the whole report). */
export function formatJUnit(name: string, suites: readonly JUnitSuite[]): string {
  const count = (s: JUnitSuite, what: 'failure' | 'skipped') => s.cases.filter((c) => (what === 'failure' ? c.failure : !c.failure && c.skipped)).length;
  const total = { tests: 0, failures: 0, skipped: 0, time: 0 };
  const parts = suites.map((s) => {
    const failures = count(s, 'failure');
    const skipped = count(s, 'skipped');
    const time = s.time ?? s.cases.reduce((a, c) => a + (c.time ?? 0), 0);
    total.tests += s.cases.length;
    total.failures += failures;
    total.skipped += skipped;
    total.time += time;
    const lines = [`  <testsuite name="${xmlAttr(s.name)}" tests="${s.cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">`];
    if (s.properties && s.properties.length > 0) {
      lines.push('    <properties>');
      for (const [k, v] of s.properties) lines.push(`      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`);
      lines.push('    </properties>');
    }
    for (const c of s.cases) lines.push(writeCase(c));
    if (s.output) lines.push(`    <system-out>${xmlText(s.output)}</system-out>`);
    lines.push('  </testsuite>');
    return lines.join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(name)}" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="${seconds(total.time)}">`,
    ...parts,
    '</testsuites>',
    '',
  ].join('\n');
}
