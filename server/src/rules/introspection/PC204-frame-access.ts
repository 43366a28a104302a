import type { Node } from '../../parser';
import type { Rule } from '../types';
import { denotationVisitor, describeAs } from '../shared/denotations';
import { isMadeBy } from '../shared/madeBy';
import { isWithinModule, normalizeIdentifier } from '../../semantics';

/** Functions that return frames, tracebacks or every live object: each reaches the host's globals. */
const FRAME_SOURCES: Record<string, string> = {
  'sys._getframe': 'returns the caller\'s frame',
  'sys._current_frames': 'returns every thread\'s frame',
  'sys.settrace': 'installs a tracer that receives every frame',
  'sys.setprofile': 'installs a profiler that receives every frame',
  'sys.gettrace': 'returns the host\'s tracer',
  'sys.last_traceback': 'holds a traceback with frames',
  'sys.exc_info': 'returns a traceback with frames',
  'sys.exception': 'returns an exception with its traceback',
  'threading.settrace': 'installs a tracer that receives every frame',
  'inspect.currentframe': 'returns the caller\'s frame',
  'inspect.stack': 'returns every frame of the stack',
  'inspect.trace': 'returns the frames of a traceback',
  'inspect.getouterframes': 'returns the outer frames',
  'inspect.getinnerframes': 'returns the inner frames',
  'inspect.getframeinfo': 'reads a frame',
  'inspect.getmembers': 'returns every attribute, dunders included',
  'inspect.getmembers_static': 'returns every attribute, dunders included',
  'inspect.getclosurevars': 'returns a function\'s globals and builtins',
  'traceback.walk_stack': 'walks the frames of the stack',
  'traceback.walk_tb': 'walks the frames of a traceback',
  'gc.get_objects': 'returns every object the host holds',
  'gc.get_referrers': 'returns the objects that hold a value (the host\'s namespaces among them)',
  'gc.get_referents': 'returns the objects a value holds',
};

/** Methods of asyncio tasks that hand out the frames of the coroutine they run. */
const TASK_FRAME_METHODS: Record<string, string> = {
  get_stack: 'returns the frames of its coroutine',
  print_stack: 'prints the frames of its coroutine',
  get_coro: 'returns its coroutine, whose frame is reachable',
};

export const frameAccess: Rule = {
  meta: {
    code: 'PC204',
    name: 'frame-access',
    summary: 'Reaching stack frames, tracebacks or all live objects',
    defaultSeverity: 'error',
    docs: {
      what: '`sys._getframe`, `sys._current_frames`, `sys.settrace`/`setprofile`, `sys.exc_info()`, `inspect.currentframe`/`stack`/`trace`/`getouterframes`/`getmembers`, `traceback.walk_stack`, the `get_stack`/`print_stack`/`get_coro` methods of an asyncio task (`asyncio.ensure_future(c).get_stack()`), and `gc.get_objects`/`get_referrers`/`get_referents` — through any alias. (`e.__traceback__` is PC201\'s, `tb_frame`/`f_back` PC203\'s.)',
      why: 'Frames link back to the caller: `sys._getframe().f_back.f_globals["__builtins__"]` is the host\'s own, unrestricted builtins. `gc.get_referrers(print)` returns the host\'s module dictionaries. These are the "frame walking" escapes of every pyjail write-up.',
      example: 'import sys\nf = sys._getframe()\nwhile f.f_back:\n    f = f.f_back',
      instead: 'Pass what the plugin needs as arguments; never look up the stack.',
    },
  },
  create(context) {
    const { policy } = context;
    const visitor = denotationVisitor(context, (value, node: Node) => {
      const why = FRAME_SOURCES[value.name];
      return why ? `${describeAs(value.name, node)} ${why}; not allowed by policy '${policy.name}'` : undefined;
    });
    return {
      ...visitor,
      call(node) {
        visitor.call?.(node);
        // `asyncio.ensure_future(c).get_stack()`: an asyncio task or future hands out its frames.
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'attribute') return;
        const method = normalizeIdentifier(fn.childForFieldName('attribute')?.text ?? '');
        const object = fn.childForFieldName('object');
        if (!TASK_FRAME_METHODS[method] || !object || !isMadeBy(context, object, (q) => isWithinModule(q, 'asyncio'))) return;
        context.report({ node: fn, message: `'${method}' of an asyncio task ${TASK_FRAME_METHODS[method]}; not allowed by policy '${policy.name}'` });
      },
    };
  },
  tests: {
    valid: [
      { code: 'pending = [1]\nframes = pending.get_stack()', note: 'not known to be an asyncio task' },
      'def _getframe():\n    return None\n_getframe()',
      'import math\nmath.floor(2.5)',
      'frames = video.get_objects()',
      'stack = [1, 2]\nstack.pop()',
      'def stack():\n    return []\nstack()',
    ],
    invalid: [
      {
        code: 'import asyncio\nasync def main():\n    t = asyncio.ensure_future(asyncio.sleep(1))\n    frames = t.get_stack()',
        errors: [{ range: '4:14-4:25', message: "'get_stack' of an asyncio task returns the frames of its coroutine; not allowed by policy 'strict'" }],
      },
      { code: 'import sys\nf = sys._getframe()', errors: [{ range: '2:5-2:18', message: "'sys._getframe' returns the caller's frame; not allowed by policy 'strict'" }] },
      {
        code: 'from sys import _getframe as gf\nf = gf(1)',
        errors: [{ range: '2:5-2:7', message: "'sys._getframe' (as 'gf') returns the caller's frame; not allowed by policy 'strict'" }],
      },
      {
        code: 'import gc\nholders = gc.get_referrers(print)',
        errors: [{ range: '2:11-2:27', message: "'gc.get_referrers' returns the objects that hold a value (the host's namespaces among them); not allowed by policy 'strict'" }],
      },
      {
        code: 'import sys\nup = sys.exc_info()[2]',
        errors: [{ range: '2:6-2:18', message: "'sys.exc_info' returns a traceback with frames; not allowed by policy 'strict'" }],
      },
      {
        code: 'import inspect as i\nframe = i.currentframe()',
        errors: [{ range: '2:9-2:23', message: "'inspect.currentframe' (as 'i.currentframe') returns the caller's frame; not allowed by policy 'strict'" }],
      },
      {
        code: 'import sys\nsys.settrace(lambda frame, event, arg: None)',
        errors: [{ range: '2:1-2:13', message: "'sys.settrace' installs a tracer that receives every frame; not allowed by policy 'strict'" }],
      },
    ],
  },
};
