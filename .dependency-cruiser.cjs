/**
 * The layering of docs/architecture.md (who may import whom), enforced in CI the way Kafka enforces its
 * import-control file. The planes: the control plane (lib/herder, lib/scheduler) and the data plane
 * (lib/worker) never import each other; what both use lives in the shared leaf lib/common. The built-ins
 * (lib/connectors, lib/converters, lib/transforms) see only the plugin API, the shared leaf and themselves,
 * as a user's plugin would. No module cycles anywhere.
 */
module.exports = {
  forbidden: [
    {
      name: 'plugins-use-only-the-public-api',
      comment:
        'A plugin package (ours in plugins/, the template) sees only lambda-connect/api, as a user package would (decision 0014).',
      severity: 'error',
      from: { path: '^(plugins|templates)/[^/]+/src/' },
      to: { path: '^(lib|functions|local|infra|test|bench|scripts)/', pathNot: '^lib/api/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: merge them, or move what both need into a third.',
      severity: 'error',
      from: { path: '^(lib|functions|local|infra)/' },
      to: { circular: true },
    },
    {
      name: 'common-is-a-shared-leaf',
      comment: 'lib/common holds what several layers use; it imports only the plugin API and the Kafka error type.',
      severity: 'error',
      from: { path: '^lib/common/' },
      to: { path: '^lib/', pathNot: '^lib/(api|common)/|^lib/kafka/errors\\.ts$' },
    },
    {
      name: 'data-plane-does-not-import-control-plane',
      comment:
        'The worker runs a slice from what the invocation and the stores give it (Kafka: WorkerTask knows no Herder).',
      severity: 'error',
      from: { path: '^lib/worker/' },
      to: { path: '^lib/(herder|scheduler)/' },
    },
    {
      name: 'herder-does-not-import-scheduler-or-worker',
      comment:
        'The herder stores configs and target states; it reaches the scheduler only through the SchedulerTrigger port.',
      severity: 'error',
      from: { path: '^lib/herder/' },
      to: { path: '^lib/(scheduler|worker)/' },
    },
    {
      name: 'scheduler-uses-only-the-plugin-catalog-port-of-the-herder',
      severity: 'error',
      from: { path: '^lib/scheduler/' },
      to: { path: '^lib/(worker|herder)/', pathNot: '^lib/herder/plugin-catalog\\.ts$' },
    },
    {
      name: 'built-ins-are-plugins',
      comment: 'Connectors, converters and transforms see only the plugin API, the shared leaf and their own folder.',
      severity: 'error',
      from: { path: '^lib/(connectors|converters|transforms)/' },
      to: { path: '^lib/', pathNot: ['^lib/(api|common)/', '^lib/$1/', '^lib/config/env\\.ts$'] },
    },
    {
      name: 'ports-know-no-plane',
      comment: 'Stores and the Kafka port are used by both planes and import neither.',
      severity: 'error',
      from: { path: '^lib/(stores|kafka|config-providers)/' },
      to: { path: '^lib/(herder|scheduler|worker|runtime|plugins|connectors|converters|transforms)/' },
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
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
