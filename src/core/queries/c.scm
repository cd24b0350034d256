; C extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

; functions, with up to three levels of pointer in the return type
(function_definition
  declarator: (function_declarator
    declarator: (identifier) @name)) @def.function

(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (identifier) @name))) @def.function

(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (function_declarator
        declarator: (identifier) @name)))) @def.function

(function_definition
  declarator: (pointer_declarator
    declarator: (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator
          declarator: (identifier) @name))))) @def.function

; struct, union and enum types with a body
(struct_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @def.struct

(union_specifier
  name: (type_identifier) @name
  body: (field_declaration_list)) @def.struct

(enum_specifier
  name: (type_identifier) @name
  body: (enumerator_list)) @def.enum

; typedefs: the new name
(type_definition
  declarator: (type_identifier) @name) @def.type

(type_definition
  declarator: (pointer_declarator
    declarator: (type_identifier) @name)) @def.type

(type_definition
  declarator: (function_declarator
    declarator: (parenthesized_declarator
      (pointer_declarator
        declarator: (type_identifier) @name)))) @def.type

; macros
(preproc_def
  name: (identifier) @name) @def.macro

(preproc_function_def
  name: (identifier) @name) @def.macro

; file-level constants: const-qualified variables with an initializer
((declaration
  (type_qualifier) @_const
  declarator: (init_declarator
    declarator: (identifier) @name)) @def.constant @top
  (#eq? @_const "const"))

; ---- references -----------------------------------------------------------

(call_expression
  function: (identifier) @name @callee) @ref.call

; calls on an object: the callee as written when the object is a plain
; chain of names, else the name alone, so that no arguments end up in it
(call_expression
  function: (field_expression
    argument: (_) @_object
    field: (field_identifier) @name) @callee
  (#match? @_object "^([[:alnum:]_.]|->)+$")) @ref.call

(call_expression
  function: (field_expression
    field: (field_identifier) @name @callee)) @ref.call

; ---- imports --------------------------------------------------------------

(preproc_include
  path: (string_literal) @path) @import.include

(preproc_include
  path: (system_lib_string) @path) @import.include
