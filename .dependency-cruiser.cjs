/**
 * The house's walls, checked by dependency-cruiser (`npm run lint`). The layer order, lowest first,
 * is docs/decisions/0040-house-layers.md: a room imports only rooms of lower layers (and itself).
 * Type-only imports count too: a type import across a wall is still a door.
 */

/** Rooms by layer, lowest first. Rooms of one layer do not import each other. */
const LAYERS = [
  ['src/contract'],
  ['src/platform'],
  ['simulator', 'src/adapter', 'src/http-face'],
  ['src/harness', 'src/report'],
  ['src/properties', 'src/load'],
  ['src/certify'],
  ['src/cli', 'src/docs'],
];

const room = (path) => `^${path}/`;
const anyOf = (paths) => `^(${paths.join('|')})/`;

/** For each room: it may import only rooms of strictly lower layers. */
const layering = LAYERS.flatMap((layer, index) =>
  layer.map((path) => {
    const notBelow = LAYERS.slice(index)
      .flat()
      .filter((other) => other !== path);
    return {
      name: 'no-upward-import',
      comment: `${path} (layer ${index}) imports only rooms of lower layers (docs/decisions/0040-house-layers.md)`,
      severity: 'error',
      from: { path: room(path) },
      to: { path: anyOf(notBelow) },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'contract-imports-nothing',
      comment: 'The contract is imported by everyone and imports nothing of the project.',
      severity: 'error',
      from: { path: room('src/contract') },
      to: { path: '^(src|simulator|steps|test|bench|fuzz|bin|containers|examples)/', pathNot: room('src/contract') },
    },
    {
      name: 'simulator-imports-only-contract-and-platform',
      comment: 'The simulator meets the adapter only on the wire: of src/ it imports the contract and the platform.',
      severity: 'error',
      from: { path: room('simulator') },
      to: { path: '^(src|steps|test|bench|fuzz|bin|containers|examples)/', pathNot: anyOf(['src/contract', 'src/platform']) },
    },
    {
      name: 'adapter-never-imports-the-lab',
      comment: 'The reference adapter never imports the simulator, the harness or anything above it.',
      severity: 'error',
      from: { path: room('src/adapter') },
      to: { path: anyOf(['simulator', 'src/harness', 'src/certify', 'src/report', 'src/properties', 'src/load', 'src/cli', 'src/http-face', 'src/docs']) },
    },
    {
      name: 'shipped-code-never-imports-tests',
      comment: 'What ships (src/, simulator/) never imports the suite, the tests, the benchmarks or the fuzz harness.',
      severity: 'error',
      from: { path: anyOf(['src', 'simulator']) },
      to: { path: anyOf(['steps', 'test', 'bench', 'fuzz', 'features']) },
    },
    ...layering,
    {
      name: 'no-circular',
      comment: 'No import cycles.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
