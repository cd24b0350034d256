; Patterns shared by the javascript, typescript and tsx queries: the build
; appends this file to javascript.scm and typescript.scm (see QUERY_PARTS in
; the Makefile), so a pattern here must hold for both grammars.

; ---- definitions ----------------------------------------------------------

(function_declaration
  name: (identifier) @name) @def.function

(generator_function_declaration
  name: (identifier) @name) @def.function

; Functions and classes bound to a variable: "const f = () => {}".  A
; declaration with a single declarator is the definition, so its range
; includes the keyword; the declarators of "const a = ..., b = ..." are
; definitions one by one.  These come before the constant patterns: where
; two patterns name the same node, the earlier wins.
(lexical_declaration
  .
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])
  .) @def.function

(variable_declaration
  .
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])
  .) @def.function

(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]
) @def.function

(lexical_declaration
  .
  (variable_declarator
    name: (identifier) @name
    value: (class !name))
  .) @def.class

(variable_declaration
  .
  (variable_declarator
    name: (identifier) @name
    value: (class !name))
  .) @def.class

(variable_declarator
  name: (identifier) @name
  value: (class !name)) @def.class

; pre-class methods: "Foo.prototype.bar = function () {}" is Foo.bar
(assignment_expression
  left: (member_expression
    object: (member_expression
      object: (_) @qualifier
      property: (property_identifier) @_prototype)
    property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)]
  (#eq? @_prototype "prototype")) @def.function

; CommonJS exports: "exports.f = function () {}", "module.exports.f = ..."
(assignment_expression
  left: (member_expression
    object: (identifier) @_exports
    property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)]
  (#eq? @_exports "exports")) @def.function

(assignment_expression
  left: (member_expression
    object: (member_expression
      object: (identifier) @_module
      property: (property_identifier) @_exports)
    property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)]
  (#eq? @_module "module")
  (#eq? @_exports "exports")) @def.function

; Top-level constants: "const X = ..." whose value is not a function or
; class (those matched above) nor a require()/import() (an import, below).
; Only at the top level: a const in a top-level block or callback is local.
([(lexical_declaration
    kind: "const"
    .
    (variable_declarator
      name: (identifier) @name
      value: (_) @_value)
    .) @def.constant
  (export_statement
    declaration: (lexical_declaration
      kind: "const"
      .
      (variable_declarator
        name: (identifier) @name
        value: (_) @_value)
      .) @def.constant)] @top
  (#not-match? @_value "^(await[[:space:]]+)?(require|import)[[:space:]]*\\("))

([(lexical_declaration
    kind: "const"
    (variable_declarator
      name: (identifier) @name
      value: (_) @_value) @def.constant)
  (export_statement
    declaration: (lexical_declaration
      kind: "const"
      (variable_declarator
        name: (identifier) @name
        value: (_) @_value) @def.constant))] @top
  (#not-match? @_value "^(await[[:space:]]+)?(require|import)[[:space:]]*\\("))

; ---- references -----------------------------------------------------------

; calls; require() is an import, not a call (see below)
(call_expression
  function: (identifier) @name @callee
  (#not-eq? @name "require")) @ref.call

; obj.m(), this.m(), a?.b.c(): the callee as written when the object is a
; plain chain of names; when a call, subscript or literal is part of it
; ("expect(x).toBe()") the callee is the property alone, so that no
; arguments end up in it
(call_expression
  function: (member_expression
    object: (_) @_object
    property: [(property_identifier) (private_property_identifier)] @name) @callee
  (#not-match? @_object "[][(){}<>\"'`+*/%!:;,=&|^~-]")) @ref.call

(call_expression
  function: (member_expression
    property: [(property_identifier) (private_property_identifier)] @name @callee)) @ref.call

(new_expression
  constructor: (identifier) @name @callee) @ref.call

(new_expression
  constructor: (member_expression
    property: (property_identifier) @name) @callee) @ref.call

; a bare decorator "@logged" invokes it (a "@logged()" one is a call above)
(decorator
  (identifier) @name @callee @ref.call)

(decorator
  (member_expression
    property: (property_identifier) @name) @callee @ref.call)

; ---- imports --------------------------------------------------------------

; import x from './a': the default export bound to x;
; "import x, {y} from './a'" also gives a row for y (pattern below)
(import_statement
  (import_clause
    (identifier) @alias)
  source: (string) @path.str
  (#set! member "default")) @import.import

; import {a, b as c} from './a.js'
(import_statement
  (import_clause
    (named_imports) @member.list)
  source: (string) @path.str) @import.import

; import * as ns from 'pkg'
(import_statement
  (import_clause
    (namespace_import
      "*" @member
      (identifier) @alias))
  source: (string) @path.str) @import.import

; import './styles.css': for its side effects only
(import_statement
  .
  source: (string) @path.str) @import.import

; re-exports: export * from './x', export * as h from './h',
; export {a, b as c} from './x'
(export_statement
  "*" @member
  source: (string) @path.str) @import.export

(export_statement
  (namespace_export
    "*" @member
    (_) @alias)
  source: (string) @path.str) @import.export

(export_statement
  (export_clause) @member.list
  source: (string) @path.str) @import.export

; CommonJS require() with a literal path.  The binding gives the alias
; (const x = require('y')) or the members (const {a, b: c} = require('y'));
; elsewhere the require stands alone.  The contexts are listed one by one
; because a match cannot tell "not in a declarator" apart.
(variable_declarator
  name: (identifier) @alias
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) @path.str .))
  (#eq? @_require "require")) @import.require

(variable_declarator
  name: (object_pattern
    [(shorthand_property_identifier_pattern) @member
     (pair_pattern
       key: (_) @member
       value: (identifier) @alias)])
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) @path.str .))
  (#eq? @_require "require")) @import.require

; require('x') as a statement, require('x').y, require('x')(app),
; f(require('x')), x = require('y'), {k: require('x')}, [require('x')]
(expression_statement
  (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) @path.str .)) @import.require
  (#eq? @_require "require"))

(member_expression
  object: (call_expression
      function: (identifier) @_require
      arguments: (arguments . (string) @path.str .)) @import.require
  (#eq? @_require "require"))

(call_expression
  function: (call_expression
      function: (identifier) @_require
      arguments: (arguments . (string) @path.str .)) @import.require
  (#eq? @_require "require"))

(arguments
  (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) @path.str .)) @import.require
  (#eq? @_require "require"))

(assignment_expression
  right: (call_expression
      function: (identifier) @_require
      arguments: (arguments . (string) @path.str .)) @import.require
  (#eq? @_require "require"))

(pair
  value: (call_expression
      function: (identifier) @_require
      arguments: (arguments . (string) @path.str .)) @import.require
  (#eq? @_require "require"))

(array
  (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) @path.str .)) @import.require
  (#eq? @_require "require"))

; dynamic import('./z') with a literal path
(call_expression
  function: (import)
  arguments: (arguments . (string) @path.str .)) @import.dynamic
