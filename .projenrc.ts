import { cdk8s, javascript, typescript } from 'projen';

// Everything the build needs is declared here; package.json, tsconfig*.json and
// .projen/ are generated from this file (`npx projen`).
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-haru',
  description: 'Secure-by-default cdk8s constructs for Kubernetes v1.36, validated at synth time.',
  author: 'cdk8s-haru developers',
  authorAddress: 'dev@cdk8s-haru.invalid',
  repositoryUrl: 'https://example.invalid/cdk8s-haru.git',
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'security', 'pod-security', 'dra', 'admission-policy'],
  projenrcTs: true,
  // tsx runs .projenrc.ts; ts-node does not cope with TypeScript 6.
  projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsx() },
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.19.0',

  // projen's default is cdk8s 1.x; this library targets cdk8s 2.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  cdk8sPlusVersion: undefined,
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',

  srcdir: 'lib',
  libdir: 'out',

  // The jsii language targets. Names follow each ecosystem's conventions; the Go, Maven and
  // NuGet coordinates use the project's placeholder domain (example.invalid) like
  // repositoryUrl does, until the package has a real home. scripts/check-jsii-targets.ts
  // generates and checks the code of all four on every build.
  publishToPypi: { distName: 'cdk8s-haru', module: 'cdk8s_haru' },
  publishToGo: { moduleName: 'example.invalid/cdk8s-haru-go', packageName: 'cdk8sharu' },
  publishToMaven: {
    mavenGroupId: 'invalid.example.cdk8s',
    mavenArtifactId: 'cdk8s-haru',
    javaPackage: 'invalid.example.cdk8s.haru',
  },
  publishToNuget: { packageId: 'Cdk8sHaru', dotNetNamespace: 'Cdk8sHaru' },

  github: false,
  release: false,
  buildWorkflow: false,
  jest: false,
  mergify: false,
  pullRequestTemplate: false,
  depsUpgrade: false,
  docgen: true,

  peerDeps: ['cdk8s-plus-33@^2.5.57'],
  // Non-jsii runtime dependencies travel inside the package and never appear in the API.
  // re2js: Go's regexp (RE2) ported to JavaScript, linear time; the engine for every user pattern (docs/regex.md).
  bundledDeps: ['yaml@^2.9.1', 're2js@^2.10.0'],
  devDeps: [
    'vitest@~4.1.12',
    // The two npm CEL libraries were measured against our own parser/checker (bench/cel.bench.ts):
    // neither parses every 1.36 construct nor knows the Kubernetes libraries, so lib/cel has its
    // own; they stay as the comparison in the bench and as a second parser in the tests.
    '@marcbachmann/cel-js@8.0.0',
    '@bufbuild/cel@0.6.1',
    '@vitest/coverage-v8@~4.1.12',
    '@types/node@^20',
    'fast-check@^4.11.0',
    'kubernetes-models@5.1.0',
    'ts-morph@^28.0.0',
    // Only the regex benchmark's comparison with re2js (docs/regex.md).
    're2-wasm@1.0.2',
    'tsx@^4',
    // Only for the test that runs `cdk8s synth` with this library as a validation plugin.
    'cdk8s-cli@^2.207.60',
  ],
  tsconfig: {
    compilerOptions: {
      lib: ['es2022'],
      types: ['node'],
    },
  },
  tsconfigDev: {
    compilerOptions: {
      types: ['node'],
    },
    include: ['../bench/**/*.ts', '../examples/**/*.ts', '../scripts/**/*.ts'],
  },
  // scripts/coverage/ holds the committed lists of upstream validate functions (docs/coverage.md), not test coverage output.
  gitignore: ['/node_modules', '!/scripts/coverage/', 'manifests/', '.readme-program-*.ts', 'out/', '.bench/', 'test-reports/', '.vitest-results.json', '/tmp/'],
  npmignore: ['/manifests/', '/bench/', '/examples/', '/scripts/', '/.ci/', '/test-reports/'],
});

// projen derives `types` from libdir but leaves `main` at lib/; point it at the compiled output.
project.package.addField('main', 'out/index.js');

// `cdk8s-haru check <files|dirs|->`: the same checks for any YAML, compiled from lib/cli/main.ts.
project.package.addBin({ 'cdk8s-haru': 'out/cli/main.js' });

// What the package ships: the compiled library, the assembly and the bundled yaml (npm adds
// package.json, README and LICENSE itself). Without this list bench/, examples/, scripts/,
// .ci/, API*.md and stray tarballs went into the npm tarball and into every jsii package.
project.package.addField('files', ['out/**/*.js', 'out/**/*.d.ts', '.jsii']);

// The jsii kernel runs bin scripts directly (Python's `cdk8s-haru` console script), so the
// compiled CLI must be executable in the tarball; tsc writes it 0644.
project.postCompileTask.exec('chmod +x out/cli/main.js');

// Build the whole thing with JSII_SILENCE_SUPPORT_WARNING set, so jsii does not reach out
// to the network on each compile.
project.tasks.addEnvironment('JSII_SILENCE_SUPPORT_WARNING', '1');
// The machines run Node 20.20 (see DESIGN.md); the end-of-life banner is noise in every log.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Zero unacknowledged jsii warnings. A public name that is a reserved word in Go, C#, Java or
// Python is only allowed where the code jsii-pacmak generates for all four stays valid (it
// capitalises or escapes it); Kubernetes field names such as `operator`, `namespace` and `type`
// are kept that way rather than renamed.
// jsii can only re-categorise a diagnostic by code; reserved-word becomes a message so that
// --fail-on-warnings keeps failing on every other warning, and scripts/jsii-compile.ts fails
// unless the reserved-word messages are exactly the acknowledged ones in
// scripts/jsii-reserved-words.ts (each with the reason the generated code is still valid).
project.package.file.addOverride('jsii.diagnostics', { 'language-compatibility/reserved-word': 'message' });
project.compileTask.reset('tsx scripts/jsii-compile.ts');
// The compile makes the CLI executable itself (the check of the packed Python package needs
// it right after `npx projen compile`); post-compile does it again for `jsii -w`.
project.watchTask.reset('jsii -w --fail-on-warnings');

// API.md (TypeScript) and API.python.md from the same assembly.
project.tasks.tryFind('docgen')!.exec('jsii-docgen --language python -o API.python.md');

// `package` builds the npm tarball only. The other targets' packages need pip, Maven with
// Maven Central, the Go and .NET toolchains (`npx projen package-all` where those exist);
// the build instead generates and checks their code offline (test:jsii-targets).
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

// vitest instead of jest: one run, the JSON results kept for .ci/run to count.
project.testTask.reset();
project.testTask.exec('vitest run --reporter=default --reporter=json --outputFile.json=.vitest-results.json');
project.testTask.spawn(project.eslint!.eslintTask);
// Needs the compiled assembly (.jsii); `npm run build` compiles before it tests.
project.testTask.spawn(project.addTask('test:jsii-targets', {
  description: 'Generate the Python, Go, Java and .NET code with jsii-pacmak --code-only and check it; check the README Python quick start is current',
  exec: 'tsx scripts/check-jsii-targets.ts',
  receiveArgs: true,
}));
project.addTask('readme:python', {
  description: "Regenerate the README's Python quick start from the TypeScript one (jsii-rosetta)",
  exec: 'tsx scripts/readme-python.ts --write',
});
project.addTask('test:watch', { exec: 'vitest' });

// Regenerate the committed 1.36 field catalog from the upstream schema file.
project.addTask('gen:schema', {
  description: 'Regenerate lib/schema/catalog.generated.ts from the Kubernetes v1.36 definitions',
  exec: 'tsx scripts/gen-schema.ts',
  receiveArgs: true,
});

// The main job: synthesise every example app into manifests/<example>/.
project.addTask('synth', {
  description: 'Synthesise every app in examples/ into manifests/<example>/',
  exec: 'tsx scripts/synth-examples.ts',
  receiveArgs: true,
});

project.addTask('fuzz', {
  description: 'Property-based fuzzing of every construct: 10,000 cases each (FUZZ_RUNS, FUZZ_SEED, FUZZ_ONLY)',
  exec: 'tsx scripts/fuzz.ts',
  receiveArgs: true,
});

project.addTask('bench', {
  description: 'Run the benchmarks in bench/ (not part of the test suite)',
  exec: 'tsx bench/run.ts',
  receiveArgs: true,
});

project.synth();
