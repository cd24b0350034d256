; TypeScript extraction query (see src/core/cm_query.h for the capture names).
; The tsx query is this file followed by jsx.scm.

; ---- definitions ----------------------------------------------------------

; only functions with a body: overload signatures and "declare function"
; are function_signature nodes and are skipped
(function_declaration
  name: (identifier) @name) @def.function

(generator_function_declaration
  name: (identifier) @name) @def.function

; "export default class Foo" is a class_declaration too; an anonymous
; "export default class {}" has no name and yields nothing
(class_declaration
  name: (type_identifier) @name) @def.class

(abstract_class_declaration
  name: (type_identifier) @name) @def.class

(interface_declaration
  name: (type_identifier) @name) @def.interface

(enum_declaration
  name: (identifier) @name) @def.enum

(type_alias_declaration
  name: (type_identifier) @name) @def.type

; "namespace A.B {}": the dotted name is split into qualifier A and name B
(internal_module
  name: [(identifier) (nested_identifier)] @name
  body: (statement_block)) @def.namespace

; "module Legacy {}" and "declare module 'x' {}" (the name without its
; quotes); "declare module 'x';" has no body and is no definition
(module
  name: [(identifier) (nested_identifier)] @name
  body: (statement_block)) @def.module

(module
  name: (string (string_fragment) @name)
  body: (statement_block)) @def.module

; Methods, and fields holding a function ("handler = () => {...}"), of
; named classes; the core turns a function inside a class into a method.
; Object-literal methods are not definitions, and the methods of an
; anonymous class ("module.exports = class {...}") have nothing to be
; qualified by.  A class bound to a variable is named by it.
[
  (class_declaration
    body: (class_body
      [(method_definition
         name: [(property_identifier) (private_property_identifier)] @name)
       (public_field_definition
         name: [(property_identifier) (private_property_identifier)] @name
         value: [(arrow_function) (function_expression) (generator_function)])
      ] @def.function))
  (abstract_class_declaration
    body: (class_body
      [(method_definition
         name: [(property_identifier) (private_property_identifier)] @name)
       (public_field_definition
         name: [(property_identifier) (private_property_identifier)] @name
         value: [(arrow_function) (function_expression) (generator_function)])
      ] @def.function))
  (class
    name: (type_identifier)
    body: (class_body
      [(method_definition
         name: [(property_identifier) (private_property_identifier)] @name)
       (public_field_definition
         name: [(property_identifier) (private_property_identifier)] @name
         value: [(arrow_function) (function_expression) (generator_function)])
      ] @def.function))
  (variable_declarator
    value: (class
      !name
      body: (class_body
        [(method_definition
           name: [(property_identifier) (private_property_identifier)] @name)
         (public_field_definition
           name: [(property_identifier) (private_property_identifier)] @name
           value: [(arrow_function) (function_expression) (generator_function)])
        ] @def.function)))
]

; a named class expression: "module.exports = class Reifier {...}"
(class
  name: (type_identifier) @name) @def.class

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

; Constants: "const X = ..." whose value is not a function or class
; (those matched above) nor a require()/import() (an import, below), at
; the top level or in a namespace body; a const in a block or callback is
; local.  "declare const X: T" has no value and is no definition.
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

(internal_module
  body: (statement_block
    [(lexical_declaration
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
         .) @def.constant)])
  (#not-match? @_value "^(await[[:space:]]+)?(require|import)[[:space:]]*\\("))

(internal_module
  body: (statement_block
    [(lexical_declaration
       kind: "const"
       (variable_declarator
         name: (identifier) @name
         value: (_) @_value) @def.constant)
     (export_statement
       declaration: (lexical_declaration
         kind: "const"
         (variable_declarator
           name: (identifier) @name
           value: (_) @_value) @def.constant))])
  (#not-match? @_value "^(await[[:space:]]+)?(require|import)[[:space:]]*\\("))

(module
  body: (statement_block
    [(lexical_declaration
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
         .) @def.constant)])
  (#not-match? @_value "^(await[[:space:]]+)?(require|import)[[:space:]]*\\("))

(module
  body: (statement_block
    [(lexical_declaration
       kind: "const"
       (variable_declarator
         name: (identifier) @name
         value: (_) @_value) @def.constant)
     (export_statement
       declaration: (lexical_declaration
         kind: "const"
         (variable_declarator
           name: (identifier) @name
           value: (_) @_value) @def.constant))])
  (#not-match? @_value "^(await[[:space:]]+)?(require|import)[[:space:]]*\\("))

; ---- references -----------------------------------------------------------

; calls, also with type arguments ("f<T>()"); require() is an import, not a
; call (see below)
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

; a bare decorator "@Injectable" invokes it (a "@Component({})" one is a
; call above)
(decorator
  (identifier) @name @callee @ref.call)

(decorator
  (member_expression
    property: (property_identifier) @name) @callee @ref.call)

; "class A extends B<T>", "extends ns.B"; "extends mixin(B)" is a call
(extends_clause
  value: (identifier) @name @callee @ref.inherit)

(extends_clause
  value: (member_expression
    property: (property_identifier) @name) @callee @ref.inherit)

; "implements I, ns.J<T>" and "interface A extends B, ns.C<T>": the base
; type without its type arguments is the callee
(implements_clause
  (type_identifier) @name @callee @ref.inherit)

(implements_clause
  (nested_type_identifier
    name: (type_identifier) @name) @callee @ref.inherit)

(implements_clause
  (generic_type
    name: (type_identifier) @name @callee) @ref.inherit)

(implements_clause
  (generic_type
    name: (nested_type_identifier
      name: (type_identifier) @name) @callee) @ref.inherit)

(extends_type_clause
  type: (type_identifier) @name @callee @ref.inherit)

(extends_type_clause
  type: (nested_type_identifier
    name: (type_identifier) @name) @callee @ref.inherit)

(extends_type_clause
  type: (generic_type
    name: (type_identifier) @name @callee) @ref.inherit)

(extends_type_clause
  type: (generic_type
    name: (nested_type_identifier
      name: (type_identifier) @name) @callee) @ref.inherit)

; ---- imports --------------------------------------------------------------

; import x from './a' (or "import type x"): the default export bound to x;
; "import x, {y} from './a'" also gives a row for y (pattern below)
(import_statement
  (import_clause
    (identifier) @alias)
  source: (string) @path.str
  (#set! member "default")) @import.import

; import {a, b as c} from './a.js', import type {T} from './t',
; import {type T} from './t'
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

; import fs = require('fs')
(import_statement
  (import_require_clause
    (identifier) @alias
    source: (string) @path.str)) @import.require

; import Q = N.M: an alias of a namespace, not a module
(import_alias
  (identifier) @alias
  [(identifier) (nested_identifier)] @path) @import.import

; re-exports: export * from './x', export * as h from './h',
; export {a, b as c} from './x', export type {T} from './t'
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
