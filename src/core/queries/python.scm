; Python extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

(class_definition
  name: (identifier) @name) @def.class

(function_definition
  name: (identifier) @name) @def.function

; module-level (and class-level) constants: UPPER_CASE names
((expression_statement
  (assignment
    left: (identifier) @name) @def.constant) @top
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

(class_definition
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @name
        (#match? @name "^[A-Z][A-Z0-9_]*$")) @def.constant)))

; ---- references -----------------------------------------------------------

(call
  function: (identifier) @name @callee) @ref.call

; calls on an object: the callee as written when the object is a plain
; chain of names, else the name alone, so that no arguments end up in it
(call
  function: (attribute
    object: (_) @_object
    attribute: (identifier) @name) @callee
  (#match? @_object "^[[:alnum:]_.]+$")) @ref.call

(call
  function: (attribute
    attribute: (identifier) @name @callee)) @ref.call

(class_definition
  superclasses: (argument_list
    (identifier) @name @callee @ref.inherit))

(class_definition
  superclasses: (argument_list
    (attribute
      attribute: (identifier) @name) @callee @ref.inherit))

; ---- imports --------------------------------------------------------------

(import_statement
  name: (dotted_name) @path) @import.import

(import_statement
  name: (aliased_import
    name: (dotted_name) @path
    alias: (identifier) @alias)) @import.import

(import_from_statement
  module_name: (_) @path
  name: (dotted_name) @member) @import.from

(import_from_statement
  module_name: (_) @path
  name: (aliased_import
    name: (dotted_name) @member
    alias: (identifier) @alias)) @import.from

(import_from_statement
  module_name: (_) @path
  (wildcard_import) @member) @import.from

(future_import_statement
  "__future__" @path
  name: (dotted_name) @member) @import.from
