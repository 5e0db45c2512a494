/**
 * The pieces of the offline jsii-target check (scripts/check-jsii-targets.ts, run by
 * `npm run build` after the compile): the Python name check that stands in for importing the
 * generated module, and the README block that holds the generated Python quick start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BEGIN, END, committedPythonQuickStart, tsQuickStart, withPythonQuickStart } from '../../scripts/readme-python';

const root = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'haru-pynames-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The shapes jsii-pacmak generates: a construct, a struct (keyword-only), an enum, a static factory.
const GENERATED = `
import enum
class HardenedPod(Construct):
    def __init__(self, scope, id, *, containers, pod_labels=None) -> None:
        pass
    @builtins.classmethod
    def is_construct(cls, x) -> bool:
        pass
class HardenedContainerProps:
    def __init__(self, *, image, writable_paths=None) -> None:
        pass
class TimeSliceInterval(enum.Enum):
    SHORT = "Short"
class GpuSharing(metaclass=jsii.JSIIMeta):
    @jsii.member(jsii_name="timeSlicing")
    @builtins.classmethod
    def time_slicing(cls, interval=None) -> "GpuSharing":
        pass
`;

function check(program: string): { status: number | null; out: string } {
  const init = join(work, '__init__.py');
  const prog = join(work, 'prog.py');
  writeFileSync(init, GENERATED);
  writeFileSync(prog, program);
  const r = spawnSync('python3', [join(root, 'scripts', 'check_python_names.py'), 'cdk8s_haru', init, prog], { encoding: 'utf-8' });
  return { status: r.status, out: r.stdout.replaceAll(`${prog}:`, 'prog.py:') };
}

const GOOD = [
  'from cdk8s_haru import HardenedContainerProps, HardenedPod, GpuSharing, TimeSliceInterval',
  'pod = HardenedPod(chart, "web", containers=[HardenedContainerProps(image="nginx:1.27", writable_paths=["/tmp"])])',
  'GpuSharing.time_slicing(TimeSliceInterval.SHORT)',
  '',
].join('\n');

describe('check_python_names.py', () => {
  it('passes a program that uses only generated names, parameters and members', () => {
    const r = check(GOOD);
    expect(r.out).toBe('1 program(s): 4 imported name(s), 4 use(s) checked against 4 generated classes; 0 problem(s)\n');
    expect(r.status).toBe(0);
  });
  // Each broken program, the problems it must be reported with (in order), exit status 1.
  const broken: Array<[string, string, string[]]> = [
    ['a program imports a name the generated module does not define',
      GOOD.replace('HardenedContainerProps, ', 'HardenedContainer, HardenedContainerProps, '),
      ['prog.py:1: cdk8s_haru.HardenedContainer is not defined by the generated module']],
    ['a keyword argument is not a parameter of the generated class (a TypeScript name left untranslated)',
      GOOD.replace('writable_paths=', 'writablePaths='),
      ["prog.py:2: HardenedContainerProps(...): no parameter 'writablePaths' (got writablePaths=...; allowed: image, writable_paths)"]],
    ['an enum member or static method does not exist',
      GOOD.replace('TimeSliceInterval.SHORT', 'TimeSliceInterval.TINY').replace('time_slicing', 'timeSlicing'),
      ['prog.py:3: GpuSharing.timeSlicing is not defined by the generated module', 'prog.py:3: TimeSliceInterval.TINY is not defined by the generated module']],
    ['a static method gets more positional arguments than it takes',
      GOOD.replace('time_slicing(TimeSliceInterval.SHORT)', 'time_slicing(TimeSliceInterval.SHORT, 2)'),
      ['prog.py:3: GpuSharing.time_slicing(...): takes 1 positional arguments (got 2)']],
  ];
  it.each(broken)('fails when %s', (_what, program, problems) => {
    const r = check(program);
    expect(r.out.split('\n').slice(0, problems.length)).toEqual(problems);
    expect(r.status).toBe(1);
  });
});

describe('README Python quick start block', () => {
  const readme = ['# x', '## Quick start', '```ts', "import { App } from 'cdk8s';", 'new App().synth();', '```', '', BEGIN, '```python', 'old', '```', END, 'tail', ''].join('\n');
  it('finds the TypeScript quick start and replaces only the generated block', () => {
    expect(tsQuickStart(readme)).toBe("import { App } from 'cdk8s';\nnew App().synth();\n");
    const next = withPythonQuickStart(readme, 'App().synth()  # new\n');
    expect(committedPythonQuickStart(next)).toBe('App().synth()  # new\n');
    expect(next.replace('App().synth()  # new', 'old')).toBe(readme);
  });
  it('fails when the README has no generated block', () => {
    expect(() => withPythonQuickStart('# x\n', 'x')).toThrow(`README.md has no ${BEGIN} ... ${END} block`);
  });
  it('is present in the real README with Python code in it', async () => {
    const { readFileSync } = await import('node:fs');
    const real = readFileSync(join(root, 'README.md'), 'utf-8');
    expect(committedPythonQuickStart(real)).toContain('from cdk8s_haru import');
  });
});
