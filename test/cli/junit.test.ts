/**
 * The shared JUnit XML writer: every string from input is escaped so that the report is
 * well-formed XML 1.0, verified with a strict parser (Python's expat) when one is on the machine.
 */
import { describe, expect, it } from 'vitest';
import { expatParse } from './xml';
import { formatJUnit, xmlAttr, xmlText } from '../../lib/cli/junit';

const HOSTILE = 'a]]>b <tag attr="x"> & \'q\' \u0000\u0001\u0008\u000b\u000c\u001b\u001f \uFFFE\uFFFF \uD800 lone \uDC00 pair \uD83D\uDE00 tab\tnl\ncr\r end';

describe('JUnit writer', () => {
  it('escapes markup in text, so "]]>" and "<" cannot end or open anything', () => {
    expect(xmlText('a]]>b<c&d')).toBe('a]]&gt;b&lt;c&amp;d');
  });

  it('writes characters XML 1.0 cannot hold as visible \\uXXXX text, keeps valid surrogate pairs', () => {
    expect(xmlText('\u0000\u001b\uFFFE\uD800x\uDC00')).toBe('\\u0000\\u001B\\uFFFE\\uD800x\\uDC00');
    expect(xmlText('\uD83D\uDE00')).toBe('\uD83D\uDE00');
  });

  it('escapes quotes and keeps tab, line feed and carriage return in attributes as references', () => {
    expect(xmlAttr('"\'\t\n\r<')).toBe('&quot;&apos;&#9;&#10;&#13;&lt;');
  });

  it('counts tests, failures and skipped per suite and in total', () => {
    const xml = formatJUnit('r', [
      { name: 's1', cases: [{ name: 'a', classname: 'c' }, { name: 'b', classname: 'c', failure: { message: 'm', type: 't' } }] },
      { name: 's2', cases: [{ name: 'c', classname: 'c', skipped: { message: 'why' } }], properties: [['k', 'v']] },
    ]);
    expect(xml).toContain('<testsuites name="r" tests="3" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('<testsuite name="s1" tests="2" failures="1" errors="0" skipped="0"');
    expect(xml).toContain('<testsuite name="s2" tests="1" failures="0" errors="0" skipped="1"');
    expect(xml).toContain('<property name="k" value="v"/>');
    expect(xml).toContain('<skipped message="why"/>');
  });

  it('writes a report a strict XML parser reads, whatever the input holds (names, messages, output)', () => {
    const xml = formatJUnit(HOSTILE, [{
      name: HOSTILE,
      properties: [[HOSTILE, HOSTILE]],
      output: HOSTILE,
      cases: [
        { name: HOSTILE, classname: HOSTILE, failure: { message: HOSTILE, type: HOSTILE, detail: HOSTILE }, output: HOSTILE },
        { name: HOSTILE, classname: HOSTILE, skipped: { message: HOSTILE } },
      ],
    }]);
    expect(xml).not.toContain(']]>');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    const parsed = expatParse(xml);
    if (parsed === undefined) {
      console.warn('python3 is not on this machine: the JUnit XML was not parsed by expat');
      return;
    }
    expect(parsed.error).toBe('ok');
  });

  it('the strict parser refuses what the writer avoids (the check itself is real)', () => {
    const parsed = expatParse('<?xml version="1.0"?><a b="\u0001"/>');
    if (parsed === undefined) return;
    expect(parsed.ok).toBe(false);
  });
});
