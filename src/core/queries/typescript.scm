; TypeScript extraction query (see src/core/cm_query.h for the capture names).
; The build appends ecma.scm (patterns shared with JavaScript); the tsx query
; is this file, ecma.scm and jsx.scm.

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

; import fs = require('fs')
(import_statement
  (import_require_clause
    (identifier) @alias
    source: (string) @path.str)) @import.require

; import Q = N.M: an alias of a namespace, not a module
(import_alias
  (identifier) @alias
  [(identifier) (nested_identifier)] @path) @import.import
