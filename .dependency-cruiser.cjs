/**
 * The layering of docs/architecture (who may import whom), enforced in CI the way Kafka enforces its
 * import-control file.
 */
module.exports = {
  forbidden: [
    {
      name: 'plugins-use-only-the-public-api',
      comment: 'A plugin package (ours in plugins/, the template) sees only lambda-connect/api, as a user package would (decision 0014).',
      severity: 'error',
      from: { path: '^(plugins|templates)/[^/]+/src/' },
      to: { path: '^(lib|functions|local|infra|test|bench|scripts)/', pathNot: '^lib/api/' },
    },
    {
      name: 'api-is-a-leaf',
      comment: 'lib/api (the plugin API) depends on nothing else in the repo and on no SDK.',
      severity: 'error',
      from: { path: '^lib/api/' },
      to: { pathNot: '^lib/api/|^node:|^(fs|path|crypto|os|util|events|stream|buffer)$', dependencyTypesNot: ['core'] },
    },
    {
      name: 'lib-does-not-import-entry-points',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(functions|local|infra|test|bench)/' },
    },
    {
      name: 'sdks-only-in-adapters',
      comment: 'Only the adapters and the composition root talk to AWS SDKs, kafkajs or middy.',
      severity: 'error',
      from: { path: '^lib/', pathNot: '^lib/(stores/dynamodb|kafka/kafkajs|runtime|config-providers)/' },
      to: { path: 'node_modules/(@aws-sdk|kafkajs|@middy|aws-cdk-lib|aws-msk-iam-sasl-signer-js)' },
    },
    {
      name: 'functions-are-thin',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(local|infra|test|bench)/' },
    },
    {
      name: 'infra-shares-only-constants',
      comment: 'infra/ uses aws-cdk-lib plus the shared constants (env names, table keys) and handler entry paths.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^lib/', pathNot: '^lib/(config/[a-z-]+|stores/tables)\\.ts$' },
    },
    {
      name: 'no-cdk-at-runtime',
      severity: 'error',
      from: { path: '^(lib|functions|local)/' },
      to: { path: 'node_modules/(aws-cdk-lib|constructs)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
