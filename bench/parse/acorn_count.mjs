// Count, with acorn (the parser of rollup and webpack), what codemap's
// JavaScript extraction should find in one file, and print it as
// "calls classes": calls and constructions whose callee is a name or a
// non-computed member (f(), a.b(), new A(), new a.B()), require() aside,
// and named classes, declared or as expressions.  Prints SKIP when acorn
// cannot parse the file.  Used by bench/parse/check_javascript.sh.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import fs from 'fs';

const src = fs.readFileSync(process.argv[2], 'utf8');
let tree = null;
for (const sourceType of ['module', 'script']) {
	try {
		tree = acorn.parse(src, {ecmaVersion: 'latest', sourceType, allowHashBang: true});
		break;
	} catch (e) {
		tree = null;
	}
}
if (tree === null) {
	console.log('SKIP');
	process.exit(0);
}

let calls = 0;
let classes = 0;
const plainCallee = (c) =>
	c.type === 'Identifier' ||
	(c.type === 'MemberExpression' && !c.computed &&
	 (c.property.type === 'Identifier' || c.property.type === 'PrivateIdentifier'));

walk.full(tree, (n) => {
	if (n.type === 'CallExpression' && plainCallee(n.callee) &&
		!(n.callee.type === 'Identifier' && n.callee.name === 'require'))
		calls++;
	if (n.type === 'NewExpression' && plainCallee(n.callee))
		calls++;
	if ((n.type === 'ClassDeclaration' || n.type === 'ClassExpression') && n.id)
		classes++;
});
console.log(calls, classes);
