; Go extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

; the package clause names the file's package; it spans only its own line,
; so nothing nests in it
(package_clause
  (package_identifier) @name) @def.package

; functions with a body ("func f()" without one is implemented in assembly)
(function_declaration
  name: (identifier) @name
  body: (block)) @def.function

; methods: the receiver's type (through a pointer, with or without type
; arguments) qualifies the name, giving Box.Target
(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [
        (type_identifier) @qualifier
        (pointer_type (type_identifier) @qualifier)
        (generic_type type: (type_identifier) @qualifier)
        (pointer_type (generic_type type: (type_identifier) @qualifier))
      ]))
  name: (field_identifier) @name
  body: (block)) @def.method

; Type declarations.  A declaration holding a single spec ("type Box
; struct {...}") is the definition, so its range includes the keyword; the
; specs of a group "type ( ... )" are definitions one by one.  Struct and
; interface patterns come before the general ones: where two patterns name
; the same node, the earlier wins.
(type_declaration
  .
  (type_spec
    name: (type_identifier) @name
    type: (struct_type))
  .) @def.struct

(type_declaration
  .
  (type_spec
    name: (type_identifier) @name
    type: (interface_type))
  .) @def.interface

(type_spec
  name: (type_identifier) @name
  type: (struct_type)) @def.struct

(type_spec
  name: (type_identifier) @name
  type: (interface_type)) @def.interface

; any other named type ("type ID int", "type Handler func(...)") and aliases
(type_declaration
  .
  (type_spec
    name: (type_identifier) @name)
  .) @def.type

(type_spec
  name: (type_identifier) @name) @def.type

(type_declaration
  .
  (type_alias
    name: (type_identifier) @name)
  .) @def.type

(type_alias
  name: (type_identifier) @name) @def.type

; package-level constants (the core drops those local to a function).  A
; spec naming one constant is its definition, the whole declaration when it
; holds just that spec; in "const A, B = 1, 2" each name is (sharing one
; range would nest B inside A).  Names are matched without their field, as
; this runtime (tree-sitter 0.20) misses the field on a repeated field's
; later nodes, and predicates stay outside the node patterns: inside one
; they void its anchors.
((const_declaration
   .
   (const_spec . (identifier) @name . [type: (_) value: (_)])
   .) @def.constant
 (#not-eq? @name "_"))

((const_declaration
   .
   (const_spec . (identifier) @name .)
   .) @def.constant
 (#not-eq? @name "_"))

((const_spec . (identifier) @name . [type: (_) value: (_)]) @def.constant
 (#not-eq? @name "_"))

((const_spec . (identifier) @name .) @def.constant
 (#not-eq? @name "_"))

((const_spec (identifier) @name @def.constant)
 (#not-eq? @name "_"))

; package-level variables bound to a function literal are functions
((var_declaration
  .
  (var_spec
    name: (identifier) @name
    value: (expression_list . (func_literal) .))
  .) @def.function @top)

((var_declaration
  (var_spec
    name: (identifier) @name
    value: (expression_list . (func_literal) .)) @def.function) @top)

((var_declaration
  (var_spec_list
    (var_spec
      name: (identifier) @name
      value: (expression_list . (func_literal) .)) @def.function)) @top)

; ---- references -----------------------------------------------------------

; f(); conversions to predeclared types ("string(b)") are not calls
(call_expression
  function: (identifier) @name @callee
  (#not-any-of? @name
    "bool" "byte" "rune" "string" "error" "any"
    "int" "int8" "int16" "int32" "int64"
    "uint" "uint8" "uint16" "uint32" "uint64" "uintptr"
    "float32" "float64" "complex64" "complex128")) @ref.call

; pkg.F(), x.m(), a.b.c.m(): the callee as written when the operand is a
; plain chain of names, else the name alone, so that no arguments end up in it
(call_expression
  function: (selector_expression
    operand: (_) @_object
    field: (field_identifier) @name) @callee
  (#match? @_object "^[[:alnum:]_.]+$")) @ref.call

(call_expression
  function: (selector_expression
    field: (field_identifier) @name @callee)) @ref.call

; explicitly instantiated generic functions: Map[int](xs), pkg.Map[int](xs)
; (the grammar reads them as conversions to a generic type)
(type_conversion_expression
  type: (generic_type
    type: (type_identifier) @name @callee)) @ref.call

(type_conversion_expression
  type: (generic_type
    type: (qualified_type
      name: (type_identifier) @name) @callee)) @ref.call

; embedded struct fields: Base, *Base, pkg.Base, Base[T]; the role is the
; type as written (after any "*"), the callee its name without type arguments
(field_declaration
  !name
  type: [
    (type_identifier) @name @callee @ref.inherit
    (pointer_type (type_identifier) @name @callee @ref.inherit)
    (generic_type type: (type_identifier) @name @callee) @ref.inherit
    (pointer_type (generic_type type: (type_identifier) @name @callee) @ref.inherit)
  ])

(field_declaration
  !name
  type: [
    (qualified_type name: (type_identifier) @name) @callee @ref.inherit
    (pointer_type (qualified_type name: (type_identifier) @name) @callee @ref.inherit)
    (generic_type type: (qualified_type name: (type_identifier) @name) @callee) @ref.inherit
    (pointer_type (generic_type type: (qualified_type name: (type_identifier) @name) @callee) @ref.inherit)
  ])

; embedded interfaces (a lone type, not a union of constraint terms)
(interface_type
  (type_elem
    .
    [
      (type_identifier) @name @callee @ref.inherit
      (generic_type type: (type_identifier) @name @callee) @ref.inherit
    ]
    .))

(interface_type
  (type_elem
    .
    [
      (qualified_type name: (type_identifier) @name) @callee @ref.inherit
      (generic_type type: (qualified_type name: (type_identifier) @name) @callee) @ref.inherit
    ]
    .))

; ---- imports --------------------------------------------------------------

; import "fmt": the declaration is the import
(import_declaration
  (import_spec
    !name
    path: (_) @path.str)) @import.import

; import m "math", import . "x/y", import _ "net/http/pprof": the local
; name, "." or "_", is the alias
(import_declaration
  (import_spec
    name: (_) @alias
    path: (_) @path.str)) @import.import

; grouped imports: each spec is one import
(import_spec_list
  (import_spec
    !name
    path: (_) @path.str) @import.import)

(import_spec_list
  (import_spec
    name: (_) @alias
    path: (_) @path.str) @import.import)
