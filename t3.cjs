const { Parser, Language } = require('web-tree-sitter');
(async () => {
await Parser.init();
const lang = await Language.load(__dirname + '/node_modules/tree-sitter-python/tree-sitter-python.wasm');
const p = new Parser(); p.setLanguage(lang);
const src = process.argv[2];
const t = p.parse(src);
console.log(t.rootNode.toString());
})();
