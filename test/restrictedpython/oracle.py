"""The RestrictedPython oracle for test/restrictedpython/oracle.test.ts.

Reads a JSON list of {"id", "code"} from the file named by argv[1] and prints one JSON object:
{"version", "python", "results": [{"id", "verdict", "errors", "crash"}]}. Each case is only
*compiled* -- parsed and checked by RestrictedPython's AST transformer -- never run.

verdict:
  accepted      compile_restricted returned a code object
  rejected      the transformer recorded errors
  syntax-error  the host Python cannot parse it (Python 2 source, newer syntax): no verdict
  crashed       compile_restricted raised something else; "checked" says whether the
                transformer had finished its walk, "errors" what it recorded before that
Each error is {"line", "endLine", "message"}: the line span of the node RestrictedPython
blamed (its own messages only carry the first line) and its message without "Line N: ".
"""
import ast
import json
import sys
import warnings

import RestrictedPython
from RestrictedPython import compile_restricted
from RestrictedPython.transformer import RestrictingNodeTransformer

records = []

_transform_slice = RestrictingNodeTransformer.transform_slice


def _transform_slice_py39(self, slice_):
    # Python 3.9 dropped ast.Index: `x[0]` holds the index expression itself. 4.0b3 predates
    # that and raises "Unknown slice type", which aborts its walk and leaves the rest of the
    # file unchecked. RestrictedPython 5.x returns the expression; this is that line. It is a
    # rewrite step, not a check: no verdict changes, more of each file gets one.
    if isinstance(slice_, ast.expr) and not isinstance(slice_, ast.Slice):
        return slice_
    return _transform_slice(self, slice_)


RestrictingNodeTransformer.transform_slice = _transform_slice_py39


class RecordingTransformer(RestrictingNodeTransformer):
    """RestrictedPython's own policy, unchanged, that also notes the span of each error."""

    def error(self, node, info):
        super().error(node, info)
        records.append({
            'line': getattr(node, 'lineno', None),
            'endLine': getattr(node, 'end_lineno', None),
            'message': info,
        })


def version():
    try:
        from importlib.metadata import version as dist_version
        return dist_version('RestrictedPython')
    except Exception:  # no dist-info: fall back to what the package says
        return getattr(RestrictedPython, '__version__', 'unknown')


def walk_until_crash(code):
    """compile_restricted hides how far its transformer got; run it alone to find out."""
    del records[:]
    try:
        RecordingTransformer().visit(ast.parse(code, '<plugin>', 'exec'))
        return True, list(records)
    except Exception:
        return False, list(records)


def judge(code):
    try:
        ast.parse(code, '<plugin>', 'exec')
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        # Nested or chained too deep for CPython's parser (a rule's test of 30,000 terms): not
        # code this Python can run, so no verdict, like a syntax error.
        return {'verdict': 'syntax-error', 'errors': [], 'crash': '%s: %s' % (type(e).__name__, e)}
    del records[:]
    try:
        compile_restricted(code, '<plugin>', 'exec', policy=RecordingTransformer)
        return {'verdict': 'accepted', 'errors': []}
    except SyntaxError as e:
        # RestrictedPython raises SyntaxError(errors) when its checks fail; without recorded
        # errors it is Python's own compile step refusing the code ('return' outside a function).
        if records:
            return {'verdict': 'rejected', 'errors': list(records)}
        return {'verdict': 'syntax-error', 'errors': [], 'crash': 'SyntaxError: %s' % (e,)}
    except Exception as e:
        checked, errors = walk_until_crash(code)
        return {'verdict': 'crashed', 'checked': checked, 'errors': errors, 'crash': '%s: %s' % (type(e).__name__, e)}


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        cases = json.load(f)
    results = []
    with warnings.catch_warnings():
        # Its SyntaxWarnings ("Prints, but never reads 'printed'") and the ast.Str deprecations
        # of the old release are noise here.
        warnings.simplefilter('ignore')
        for case in cases:
            result = judge(case['code'])
            result['id'] = case['id']
            results.append(result)
    json.dump({'version': version(), 'python': sys.version.split()[0], 'results': results}, sys.stdout)


if __name__ == '__main__':
    main()
