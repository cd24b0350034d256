-- parse_javascript: definitions, references and imports extracted from JavaScript
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
import React from 'react';
import {useState, useEffect as useEff} from './hooks.js';
import * as path from 'node:path';
import './styles.css';
export * from './reexport';
export {helper, other as renamed} from './lib/util.js';
const fs = require('fs');
const {readFile, writeFile: write} = require('./io');
require('./polyfill');

export const MAX_ITEMS = 100;
const DEFAULTS = {retries: 3}, LIMIT = 10;
let counter = 0;

export default class Widget extends Base.Component {
  static count = 0;
  constructor(props) {
    super(props);
    this.state = {open: false};
    this.init();
  }
  async *stream() {
    yield await fetchAll(path.join('a', 'b'));
  }
  get label() { return this.#format(); }
  #format() { return String(this.props.label); }
  onClick = (event) => {
    this.setState({open: true});
    track(event);
  };
  render() {
    return (
      <Layout.Panel title="w">
        <Header onClick={this.onClick} />
        <div className="body">{this.props.children}</div>
      </Layout.Panel>
    );
  }
}

class Plain extends mixin(Events) {}

export function helperFn(items) {
  function inner(x) { return transform(x); }
  return items.map(inner);
}

export async function loadAll() {
  const mod = await import('./lazy.js');
  return new mod.Loader(new Map());
}

function* ids() { yield counter++; }

const arrow = (a, b) => combine(a, b);
export const expr = function () { return arrow(1, 2); };
const Factory = class {
  build() { return new Widget(); }
};

Widget.prototype.legacy = function () { return this.render(); };
exports.exported = () => helperFn([]);

const App = () => <Widget><Plain /></Widget>;
$src$, 'javascript')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- object-literal methods and anonymous classes define nothing; a const in a
-- block or callback is local; require() inside other expressions
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
const api = {
  get() { return fetchIt(); },
  post: () => send(),
};
module.exports = class {
  run() { work(); }
};
if (ready) { const local = 1; }
describe('suite', () => {
  const fixture = load();
  it('works', () => expect(fixture).toBe(1));
});
app.use(require('./middleware'));
module.exports.router = require('./router').default;
$src$, 'javascript')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
