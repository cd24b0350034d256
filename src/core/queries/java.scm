; Java extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

; "package a.b;" spans only its own line, so nothing nests in it; the dotted
; name splits into qualifier "a" and name "b"
(package_declaration
  [(identifier) (scoped_identifier)] @name) @def.package

; module-info.java
(module_declaration
  name: (_) @name) @def.module

(class_declaration
  name: (identifier) @name) @def.class

(interface_declaration
  name: (identifier) @name) @def.interface

(enum_declaration
  name: (identifier) @name) @def.enum

; a record is a class with a canonical constructor
(record_declaration
  name: (identifier) @name) @def.class

; "@interface Marker { ... }" declares an annotation type, an interface
(annotation_type_declaration
  name: (identifier) @name) @def.interface

; methods with a body (abstract and interface methods without one are not
; definitions)
(method_declaration
  name: (identifier) @name
  body: (block)) @def.method

; constructors, also a record's compact one ("Point { ... }")
(constructor_declaration
  name: (identifier) @name) @def.method

(compact_constructor_declaration
  name: (identifier) @name) @def.method

; constants: static final fields, in either modifier order.  A field with
; one declarator is the definition; in "A = 1, B = 2" each declarator is
; (sharing the field's range would nest B inside A).
(field_declaration
  (modifiers "static" "final")
  type: (_)
  .
  declarator: (variable_declarator
    name: (identifier) @name)
  .) @def.constant

(field_declaration
  (modifiers "final" "static")
  type: (_)
  .
  declarator: (variable_declarator
    name: (identifier) @name)
  .) @def.constant

(field_declaration
  (modifiers "static" "final")
  declarator: (variable_declarator
    name: (identifier) @name) @def.constant)

(field_declaration
  (modifiers "final" "static")
  declarator: (variable_declarator
    name: (identifier) @name) @def.constant)

; interface fields are implicitly static final
(constant_declaration
  type: (_)
  .
  declarator: (variable_declarator
    name: (identifier) @name)
  .) @def.constant

(constant_declaration
  declarator: (variable_declarator
    name: (identifier) @name) @def.constant)

; ---- references -----------------------------------------------------------

; obj.m(), this.m(), super.m(), System.out.println(), Outer.this.m(): the
; callee runs from the object to the method name.  An object holding
; anything but names and dots (a call "a.b().c()", a cast, a literal, a
; subscript) would drag its arguments in, and explicit type arguments
; ("Collections.<T>emptyList()") would sit in the middle: those calls fall
; through to the name-only pattern below
(method_invocation
  object: (_) @callee @_object
  !type_arguments
  name: (identifier) @name @callee
  (#not-match? @_object "[][(){}<>\"'@+*/%!?:;,=&|^~-]")) @ref.call

; m(), and the calls left over above: the callee is the name alone
(method_invocation
  name: (identifier) @name @callee) @ref.call

; super(...) and this(...) open a constructor by calling the base class's
; or another of the class's own constructors
(explicit_constructor_invocation
  constructor: [(super) (this)] @name @callee) @ref.call

; new Foo(), new Box<>(1), new java.util.ArrayList<String>(), anonymous
; classes; the callee is the type without its type arguments
(object_creation_expression
  type: [
    (type_identifier) @name @callee
    (generic_type . (type_identifier) @name @callee)
    (scoped_type_identifier (type_identifier) @name .) @callee
    (generic_type . (scoped_type_identifier (type_identifier) @name .) @callee)
  ]) @ref.call

; extends / implements: the role is the base type as written, the callee
; its name without type arguments
(superclass
  [
    (type_identifier) @name @callee @ref.inherit
    (generic_type . (type_identifier) @name @callee) @ref.inherit
    (scoped_type_identifier (type_identifier) @name .) @callee @ref.inherit
    (generic_type . (scoped_type_identifier (type_identifier) @name .) @callee) @ref.inherit
  ])

(super_interfaces
  (type_list
    [
      (type_identifier) @name @callee @ref.inherit
      (generic_type . (type_identifier) @name @callee) @ref.inherit
      (scoped_type_identifier (type_identifier) @name .) @callee @ref.inherit
      (generic_type . (scoped_type_identifier (type_identifier) @name .) @callee) @ref.inherit
    ]))

(extends_interfaces
  (type_list
    [
      (type_identifier) @name @callee @ref.inherit
      (generic_type . (type_identifier) @name @callee) @ref.inherit
      (scoped_type_identifier (type_identifier) @name .) @callee @ref.inherit
      (generic_type . (scoped_type_identifier (type_identifier) @name .) @callee) @ref.inherit
    ]))

; ---- imports --------------------------------------------------------------

; static imports first: the plain patterns below match them too, and the
; earlier pattern wins
(import_declaration
  "static"
  (scoped_identifier) @path
  (asterisk) @glob) @import.import_static

(import_declaration
  "static"
  (scoped_identifier
    name: (identifier) @member) @path
  .) @import.import_static

; import java.util.*;
(import_declaration
  [(identifier) (scoped_identifier)] @path
  (asterisk) @glob) @import.import

; import java.util.List; (member: the name it brings in)
(import_declaration
  (scoped_identifier
    name: (identifier) @member) @path
  .) @import.import

(import_declaration
  (identifier) @path @member
  .) @import.import

; module-info.java: requires a.b;
(requires_module_directive
  module: (_) @path) @import.requires
