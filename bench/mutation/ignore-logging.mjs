// A Stryker ignorer (its plugin API, @stryker-mutator/api): no mutants in the reference adapter's log
// lines, nor in an `if` that only logs. What a log line says is not what the conformance suite judges
// (a desktop never sees it), so each such mutant survived a whole certify run and said nothing; the
// one property of logs the suite does judge, no credential in them (OCTI-SEC-001), is the logger's
// scrubbing (src/platform/logging.ts), which is not mutated here.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/** The name a logger goes by: `logger`, `log`, `ctx.logger`, `this.logger`, `this.#logger`. */
function loggerName(node) {
  if (node.type === 'Identifier') return node.name;
  if (node.type !== 'MemberExpression') return undefined;
  return node.property.type === 'Identifier' ? node.property.name : node.property.type === 'PrivateName' ? node.property.id.name : undefined;
}

function isLogCall(node) {
  if (node?.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const { object, property } = node.callee;
  return property.type === 'Identifier' && LEVELS.has(property.name) && /^(logger|log)$/.test(loggerName(object) ?? '');
}

const isLogStatement = (node) => node?.type === 'ExpressionStatement' && isLogCall(node.expression);

function onlyLogs(node) {
  if (isLogStatement(node)) return true;
  return node?.type === 'BlockStatement' && node.body.length > 0 && node.body.every(isLogStatement);
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'logging', {
    shouldIgnore(path) {
      if (isLogStatement(path.node)) return 'a log line: the conformance suite judges what the desktop and the switch see, not what the adapter logs';
      if (path.node.type === 'IfStatement' && path.node.alternate == null && onlyLogs(path.node.consequent))
        return 'an if that only logs: the conformance suite judges what the desktop and the switch see, not what the adapter logs';
      return undefined;
    },
  }),
];
