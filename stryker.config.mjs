// @ts-check
// Mutation testing of the code that decides who may see, do or receive what: `npm run test:mutation`.
// Slow (minutes per module, hours for the whole list on 2 shared cores), so not part of `npm test` or CI: after changing a
// module listed in `mutate`, run it for that module: `npm run test:mutation -- --concurrency 1 --mutate lib/auth/policy.ts`.
// Equivalent mutants are marked in the source with `// Stryker disable next-line <Mutator>: <why>`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.mts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'lib/auth/policy.ts',
    'lib/participants/links.ts',
    'lib/participants/link-access.ts',
    'lib/participants/participants.ts',
    'lib/participants/portal.ts',
    'lib/tickets/recipients.ts',
    'lib/mail/compose.ts',
    'lib/auth/api-tokens.ts',
    'lib/web/api.ts',
    'lib/attachments/access.ts',
    'lib/mail/inbound/matching.ts',
    'lib/mail/inbound/people.ts',
    'lib/mail/inbound/dmarc.ts',
  ],
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 95 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;
