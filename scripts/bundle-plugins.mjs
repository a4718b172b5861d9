// esbuild plugins for the bundle (scripts/build.mjs): each leaves out start-up work capacity does not need or
// replaces a dependency's slow path with one that gives the same result.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// commander requires node:child_process at load time for executable subcommands, which capacity does not use.
// Loading child_process pulls in net, stream and more; a proxy loads it only if something ever touches it.
export const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, () => ({ path: 'child_process', namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => process.getBuiltinModule('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// chalk detects the terminal's colour support when it loads (supports-color reads node:tty, node:os and the
// environment), but capacity never uses that: src/cli/output.ts decides colour itself (NO_COLOR, FORCE_COLOR, a TTY)
// and gives every Chalk instance its level. A module that reports no support saves loading tty and os on each run.
export const noColorDetection = {
  name: 'no-color-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'no-color-detection' }));
    b.onLoad({ filter: /.*/, namespace: 'no-color-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

/** What the bundle's emoji-regex matches (test/unit/bundle-plugins.test.ts reads it too). */
export const PICTOGRAPH = /\p{Extended_Pictographic}/gu;

// string-width (under cli-table3) measures every table cell with emoji-regex, a 10 KB generated pattern that V8
// compiles on each run. The Extended_Pictographic property compiles for free and finds the same single-code-point
// emoji; multi-code-point sequences (flags, ZWJ families) would measure wider, and capacity's tables have none.
export const nativeEmojiRegex = {
  name: 'native-emoji-regex',
  setup(b) {
    b.onResolve({ filter: /^emoji-regex$/ }, () => ({ path: 'emoji-regex', namespace: 'native-emoji' }));
    b.onLoad({ filter: /.*/, namespace: 'native-emoji' }, () => ({ contents: `module.exports = () => ${PICTOGRAPH};`, loader: 'js' }));
  },
};

// cli-table3 merges its options into every cell through setOption (15 border characters a cell), which splits and
// re-capitalises the same option names and filters an argument list each time: a plan's two tables spend most of
// their rendering there. The same function with the names' camel case kept and the first defined value found by a
// loop gives the same options; the build fails if cli-table3's source no longer has the function it replaces.
export const fastCellOptions = {
  name: 'fast-cell-options',
  setup(b) {
    b.onLoad({ filter: /cli-table3[\\/]src[\\/]cell\.js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const original = /function setOption\(objA, objB, nameB, targetObj\) \{[\s\S]*?\n\}\n/;
      if (!original.test(source)) throw new Error(`${args.path}: setOption not found; update the fast-cell-options plugin`);
      const replacement = `const camelCaseNames = new Map();
function setOption(objA, objB, nameB, targetObj) {
  let nameA = camelCaseNames.get(nameB);
  if (nameA === undefined) {
    const parts = nameB.split('-');
    nameA = parts.length > 1 ? parts[0] + parts[1].charAt(0).toUpperCase() + parts[1].substr(1) + parts.slice(2).join('') : null;
    camelCaseNames.set(nameB, nameA);
  }
  const values = nameA === null ? [objA[nameB], objB[nameB]] : [objA[nameA], objA[nameB], objB[nameA], objB[nameB]];
  let value;
  for (const v of values) if (v !== undefined && v !== null) { value = v; break; }
  targetObj[nameA === null ? nameB : nameA] = value;
}
`;
      return { contents: source.replace(original, replacement), loader: 'js' };
    });
  },
};

/**
 * Text that string-width (as bundled) measures as one column a character: printable ASCII and the Latin, IPA and
 * spacing-modifier blocks (U+00A0–U+02FF), less © and ®, which are pictographs. None of it is an ANSI code, a control,
 * combining or wide character, or an emoji. test/unit/bundle-plugins.test.ts holds every such character to width 1.
 */
export const NARROW_TEXT = /^[\x20-\x7e\xa0-\xa8\xaa-\xad\xaf-\u02ff]*$/;

// string-width measures each cell of a cli-table3 table several times, and each measure builds two regular
// expressions (strip-ansi's and the emoji pattern) and walks the code points: most of a plan table's rendering time.
// Text of narrow characters only (NARROW_TEXT) measures its length, which string-width itself would return; any
// other text still takes string-width's own code. The build fails if string-width's source no longer has the lines the
// fast path is placed by.
export const narrowTextStringWidth = {
  name: 'narrow-text-string-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const requires = "const emojiRegex = require('emoji-regex');\n";
      const firstCheck = "\tif (typeof string !== 'string' || string.length === 0) {\n\t\treturn 0;\n\t}\n";
      if (!source.includes(requires) || !source.includes(firstCheck)) throw new Error(`${args.path}: string-width's source has changed; update the narrow-text-string-width plugin`);
      const contents = source
        .replace(requires, `${requires}const narrowText = ${NARROW_TEXT};\n`)
        .replace(firstCheck, `${firstCheck}\tif (narrowText.test(string)) {\n\t\treturn string.length;\n\t}\n`);
      return { contents, loader: 'js' };
    });
  },
};

// xbytes' ES module build ends with `if (typeof module !== 'undefined') module.exports = xbytes`. In this CommonJS
// bundle `module` is the bundle's own, so the first unit parse replaced the bundle's exports with xbytes. Its
// CommonJS build (the package's "require" export) assigns the exports of its own module, as the bundle wraps it.
export const xbytesCommonJs = {
  name: 'xbytes-commonjs',
  setup(b) {
    b.onResolve({ filter: /^xbytes$/ }, (args) => ({ path: createRequire(args.importer).resolve('xbytes') }));
  },
};
