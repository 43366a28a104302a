/** Which escape family a dunder belongs to; messages name it so a reviewer sees the intent. */
const FAMILIES: [string, string[]][] = [
  ['class-hierarchy traversal', ['__class__', '__bases__', '__base__', '__mro__', '__subclasses__', '__subclasshook__', '__instancecheck__', '__subclasscheck__', '__orig_bases__', '__type_params__']],
  ['function internals', ['__code__', '__globals__', '__closure__', '__defaults__', '__kwdefaults__', '__func__', '__self__', '__wrapped__', '__call__', '__get__']],
  ['namespace access', ['__dict__', '__builtins__', '__module__', '__import__', '__loader__', '__spec__', '__file__', '__path__', '__package__', '__cached__', '__vars__']],
  ['reflection hook', ['__getattribute__', '__getattr__', '__setattr__', '__delattr__', '__reduce__', '__reduce_ex__', '__getstate__', '__setstate__', '__init_subclass__', '__set_name__', '__class_getitem__', '__new__', '__del__', '__format__', '__dir__', '__prepare__', '__traceback__', '__context__', '__cause__']],
];

export function dunderFamily(name: string): string {
  for (const [family, names] of FAMILIES) if (names.includes(name)) return family;
  return 'interpreter internals';
}
