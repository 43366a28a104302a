import type { Node } from '../../parser';
import type { Fix } from '../../engine/types';
import { editOffsets, endOffsetOf } from '../../fixes';
import { callOf, keywordArgument, positionalArguments } from '../../semantics/syntax';
import type { Rule, RuleContext } from '../types';
import { denotationVisitor, describeAs } from '../shared/denotations';

/** Loaders that build arbitrary objects (and so call arbitrary callables) from bytes. */
const LOADERS = new Set([
  'pickle.load', 'pickle.loads', 'pickle.Unpickler', 'cPickle.load', 'cPickle.loads', 'cPickle.Unpickler', '_pickle.load', '_pickle.loads', '_pickle.Unpickler',
  'marshal.load', 'marshal.loads', 'shelve.open', 'shelve.Shelf', 'shelve.DbfilenameShelf',
  'dill.load', 'dill.loads', 'cloudpickle.load', 'cloudpickle.loads', 'jsonpickle.decode', 'joblib.load',
  'pandas.read_pickle', 'pandas.io.pickle.read_pickle', 'pandas.compat.pickle_compat.load', 'pandas.compat.pickle_compat.loads', 'pandas.compat.pickle_compat.Unpickler', 'torch.load', 'yaml.unsafe_load', 'yaml.unsafe_load_all', 'yaml.full_load', 'yaml.full_load_all',
  'copyreg.__newobj__', 'pickletools.dis',
]);
const YAML_LOAD = new Set(['yaml.load', 'yaml.load_all']);
const SAFE_YAML_LOADERS = new Set(['yaml.SafeLoader', 'yaml.CSafeLoader', 'yaml.BaseLoader', 'yaml.CBaseLoader']);

function yamlLoaderIsSafe(context: RuleContext, call: Node): boolean {
  const loader = keywordArgument(call, 'Loader') ?? positionalArguments(call)[1];
  return !!loader && context.semantics.qualifiedNames(loader).some((q) => SAFE_YAML_LOADERS.has(q));
}

/**
 * `yaml.load(s)`, `yaml.load(s, Loader=yaml.Loader)`, `yaml.load(s, yaml.Loader)` →
 * `yaml.safe_load(s)` (and `load_all` → `safe_load_all`). Only where the call spells the module
 * (`yaml.load`, `y.load` after `import yaml as y`): a bare `load` has no `safe_load` beside it.
 * Unsafe: documents with Python tags stop loading.
 */
function safeLoadFix(context: RuleContext, node: Node): Fix | undefined {
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  const call = callOf(node);
  const args = call?.childForFieldName('arguments');
  if (!object || !attribute || !call || args?.type !== 'argument_list') return undefined;
  if (!context.semantics.qualifiedNames(object).includes('yaml')) return undefined;
  const method = attribute.text === 'load' ? 'safe_load' : attribute.text === 'load_all' ? 'safe_load_all' : undefined;
  if (!method) return undefined;
  const members = context.policy.allowMembers.get('yaml');
  if (members && !members.has(method)) return undefined;
  const positional = positionalArguments(call);
  const items = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const loader = keywordArgument(call, 'Loader');
  // Only the stream and the loader: any other argument would be dropped or misplaced.
  const expected = 1 + (loader || positional.length === 2 ? 1 : 0);
  if (positional.length < 1 || positional.length > 2 || (loader && positional.length !== 1) || items.length !== expected) return undefined;
  const stream = positional[0];
  return {
    title: `Replace '${attribute.text}' with '${method}'`,
    safe: false,
    edits: [editOffsets(context, attribute.startIndex, endOffsetOf(context, call), `${method}(${stream.text})`)],
  };
}

export const unsafeDeserialization: Rule = {
  meta: {
    code: 'PC304',
    name: 'unsafe-deserialization',
    summary: 'Deserialisers that run code: `pickle`, `marshal`, `shelve`, `dill`, `yaml.load` without a safe loader',
    defaultSeverity: 'error',
    docs: {
      what: '`pickle`/`cPickle`/`_pickle` `load`/`loads`/`Unpickler`, `marshal.load(s)`, `shelve.open`, `dill`, `cloudpickle`, `jsonpickle.decode`, `joblib.load`, `pandas.read_pickle` (and `pandas.compat.pickle_compat`), `torch.load`, and `yaml.load`/`load_all` without `Loader=yaml.SafeLoader` (or `BaseLoader`), `yaml.unsafe_load`, `yaml.full_load` — through any alias.',
      why: 'Unpickling calls whatever callable the data names (`__reduce__` returns `(os.system, ("id",))`), so loading bytes is running code; `marshal` loads code objects. A plugin that unpickles data it controls has an `exec` the policy cannot see.',
      example: 'import pickle\nobj = pickle.loads(payload)\nimport yaml\ncfg = yaml.load(text, Loader=yaml.Loader)',
      instead: 'Use `json.loads` for data; `yaml.safe_load` for YAML where the host allows `yaml`.',
      fixSafety: '`yaml.load(s)` → `yaml.safe_load(s)` is offered by the editor and applied by `scan --fix --unsafe-fixes` (unsafe: documents with Python tags stop loading).',
    },
  },
  create(context) {
    const { policy } = context;
    // The fix is attached where the finding is made, which happens inside the shared visitor.
    const yamlLoads = new Set<number>();
    const reporting: RuleContext = Object.assign(Object.create(context) as RuleContext, {
      report: (r: Parameters<RuleContext['report']>[0]) => {
        const fix = r.node && yamlLoads.has(r.node.id) ? safeLoadFix(context, r.node) : undefined;
        context.report(fix ? { ...r, fixes: [fix] } : r);
      },
    });
    return denotationVisitor(reporting, (value, node) => {
      if (LOADERS.has(value.name)) return `${describeAs(value.name, node)} deserialises objects and runs the callables the data names; not allowed by policy '${policy.name}'`;
      if (YAML_LOAD.has(value.name)) {
        const call = callOf(node);
        if (call && yamlLoaderIsSafe(context, call)) return undefined;
        yamlLoads.add(node.id);
        return `${describeAs(value.name, node)} without a safe loader constructs arbitrary Python objects; not allowed by policy '${policy.name}'`;
      }
      return undefined;
    });
  },
  tests: {
    valid: [
      'import json\nobj = json.loads(text)',
      'import yaml\ncfg = yaml.safe_load(text)',
      'import yaml\ncfg = yaml.load(text, Loader=yaml.SafeLoader)',
      'def loads(x):\n    return x\nloads("a")',
      'import pickle\nblob = pickle.dumps({"a": 1})',
    ],
    invalid: [
      {
        code: 'import operator\nimport pandas as pd\nloader = operator.attrgetter("read_" + "pickle")(pd)\nfor fmt in ("csv", "pickle"):\n    reader = getattr(pd, f"read_{fmt}")',
        errors: [
          { range: '3:10-3:53', message: "'pandas.read_pickle' (as 'operator.attrgetter(\"read_\" + \"pickle...') deserialises objects and runs the callables the data names; not allowed by policy 'strict'" },
          { range: '5:14-5:40', message: "'pandas.read_pickle' (as 'getattr(pd, f\"read_{fmt}\")') deserialises objects and runs the callables the data names; not allowed by policy 'strict'" },
        ],
        note: 'a dotted path read by operator.attrgetter; getattr with a name that is one of a few strings, each',
      },
      { code: 'import pickle\nobj = pickle.loads(payload)', errors: [{ range: '2:7-2:19', message: "'pickle.loads' deserialises objects and runs the callables the data names; not allowed by policy 'strict'" }] },
      { code: 'import pickle\nobj = pickle.Unpickler(stream).load()', errors: [{ range: '2:7-2:23', message: "'pickle.Unpickler' deserialises objects and runs the callables the data names; not allowed by policy 'strict'" }] },
      { code: 'import cPickle as p\nobj = p.load(f)', errors: [{ range: '2:7-2:13', message: "'pickle.load' (as 'p.load') deserialises objects and runs the callables the data names; not allowed by policy 'strict'" }], note: 'Python 2 cPickle' },
      { code: 'import yaml\ncfg = yaml.load(text, Loader=yaml.Loader)', errors: [{ range: '2:7-2:16', message: "'yaml.load' without a safe loader constructs arbitrary Python objects; not allowed by policy 'strict'" }] },
      { code: 'import pandas\ndf = pandas.read_pickle("frame.pkl")', errors: [{ range: '2:6-2:24', message: "'pandas.read_pickle' deserialises objects and runs the callables the data names; not allowed by policy 'strict'" }] },
      { code: 'from marshal import loads as l\ncode = l(data)', errors: [{ range: '2:8-2:9', message: "'marshal.loads' (as 'l') deserialises objects and runs the callables the data names; not allowed by policy 'strict'" }] },
      {
        code: "import pandas as pd\nobj = pd.compat.pickle_compat.loads(blob)",
        errors: [{ range: "2:7-2:36", message: "'pandas.compat.pickle_compat.loads' (as 'pd.compat.pickle_compat.loads') deserialises objects and runs the callables the data names; not allowed by policy 'strict'" }],
      },
    ],
  },
};
