/**
 * The layers of the tree, checked by `npm run lint:deps` (part of `npm test` and CI). Dependencies point down:
 *   infra, functions, cli, web, local, scripts  →  shared  (the domain and its adapters)
 *   tests, bench  →  testkit  →  the rest
 * Only the AWS adapters (shared/store, shared/mail) and the embedded stack (local/) talk to @aws-sdk.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'A cycle means two modules are one; merge them or move the shared piece down.', from: {}, to: { circular: true } },
    {
      name: 'shared-is-the-bottom',
      severity: 'error',
      comment: 'shared/ is the domain and its adapters; it never reaches up into an application.',
      from: { path: '^shared/' },
      to: { path: '^(cli|local|functions|infra|web|scripts|testkit|tests|bench)/' },
    },
    {
      name: 'aws-sdk-in-adapters-only',
      severity: 'error',
      comment: 'Talk to AWS through the ports in shared/store and shared/mail.',
      from: { path: '^(shared|cli|functions|web|scripts|testkit|bench)/', pathNot: '^shared/(store/(dynamo|s3|clients|presign|secrets|stack-outputs|dlq-sqs|ocr-sqs)|mail/ses)\\.ts$' },
      to: { path: '@aws-sdk/' },
    },
    {
      name: 'tests-and-benches-through-testkit',
      severity: 'error',
      comment: 'bench/ never imports tests/; shared test helpers live in testkit/.',
      from: { path: '^bench/' },
      to: { path: '^tests/' },
    },
    {
      name: 'tests-do-not-share-files',
      severity: 'error',
      comment: 'A helper used by more than one test file belongs in testkit/.',
      from: { path: '^tests/([^/]+)/' },
      to: { path: '^tests/', pathNot: ['^tests/$1/', '^tests/fixtures/'] },
    },
    {
      name: 'nothing-imports-apps',
      severity: 'error',
      comment: 'functions/, cli/ and infra/ are entry points: wiring only, imported by no one but tests and the embedded stack.',
      from: { path: '^([^/]+)/', pathNot: '^(tests|testkit|local|bench)/' },
      to: { path: '^(cli|functions|infra)/', pathNot: '^$1/' },
    },
    {
      name: 'web-is-an-app',
      severity: 'error',
      comment: 'web/ (the console) is reached only through its entry points: the Lambda handler, `intake serve`, the embedded stack, tests.',
      from: { path: '^[^/]+/', pathNot: ['^(web|tests|testkit|local|bench)/', '^functions/web\\.ts$', '^cli/commands/(serve|start)\\.ts$', '^scripts/console-screenshots\\.ts$'] },
      to: { path: '^web/' },
    },
  ],
  options: {
    // the top folders checked; a folder that does not exist yet (web/) is simply absent, not an error
    includeOnly: { path: '^(shared|functions|cli|local|infra|scripts|testkit|tests|bench|web)/|node_modules/@aws-sdk/' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|\\.local|bench/out)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    parser: 'swc', // TypeScript 7 has no JS compiler API; dependency-cruiser reads .ts through swc
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
