; Rust extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

; functions; inside an impl block or a trait the core makes them methods
(function_item
  name: (identifier) @name) @def.function

(struct_item
  name: (type_identifier) @name) @def.struct

(union_item
  name: (type_identifier) @name) @def.struct

(enum_item
  name: (type_identifier) @name) @def.enum

(trait_item
  name: (type_identifier) @name) @def.trait

; "mod x { ... }" is a module; "mod x;" is an import (below)
(mod_item
  name: (identifier) @name
  body: (declaration_list)) @def.module

(type_item
  name: (type_identifier) @name) @def.type

; constants and statics with a value (a trait's "const N: u32;" has none);
; the core drops those local to a function.  "const _: () = ...;" is a
; compile-time check, not a constant.
((const_item
   name: (identifier) @name
   value: (_)) @def.constant
 (#not-eq? @name "_"))

(static_item
  name: (identifier) @name
  value: (_)) @def.constant

(macro_definition
  name: (identifier) @name) @def.macro

; An impl block names its methods after the implemented type: "impl Box",
; "impl<T> Box<T>" and "impl Trait for Box" all give Box::method.  A path
; ("impl fmt::Debug for a::Box") is kept and split by the core.  Impls for
; a primitive, a reference or a trait object ("impl Tr for &str",
; "impl dyn Tr") are named after the type inside; tuples, arrays and the
; like leave their methods unqualified.
(impl_item
  type: [
    (type_identifier) @name
    (primitive_type) @name
    (scoped_type_identifier) @name
    (generic_type type: (_) @name)
    (reference_type type: [(type_identifier) (primitive_type) (scoped_type_identifier)] @name)
    (reference_type type: (generic_type type: (_) @name))
    (dynamic_type trait: [(type_identifier) (scoped_type_identifier)] @name)
    (dynamic_type trait: (generic_type type: (_) @name))
  ]) @scope

; ---- references -----------------------------------------------------------

; f(), x.m(), Type::new(), a::b::f()
(call_expression
  function: (identifier) @name @callee) @ref.call

; calls on an object: the callee as written when the object is a plain
; chain of names, else the name alone, so that no arguments end up in it
(call_expression
  function: (field_expression
    value: (_) @_object
    field: (field_identifier) @name) @callee
  (#match? @_object "^[[:alnum:]_.:]+$")) @ref.call

(call_expression
  function: (field_expression
    field: (field_identifier) @name @callee)) @ref.call

(call_expression
  function: (scoped_identifier
    name: (identifier) @name) @callee) @ref.call

; with a turbofish, f::<T>(), x.collect::<Vec<_>>(): the callee leaves out
; the type arguments
(call_expression
  function: (generic_function
    function: [
      (identifier) @name @callee
      (scoped_identifier name: (identifier) @name) @callee
    ])) @ref.call

(call_expression
  function: (generic_function
    function: (field_expression
      value: (_) @_object
      field: (field_identifier) @name) @callee)
  (#match? @_object "^[[:alnum:]_.:]+$")) @ref.call

(call_expression
  function: (generic_function
    function: (field_expression
      field: (field_identifier) @name @callee))) @ref.call

; macro invocations println!(...), log::info!(...): calls named without "!"
(macro_invocation
  macro: (identifier) @name @callee) @ref.call

(macro_invocation
  macro: (scoped_identifier
    name: (identifier) @name) @callee) @ref.call

; impl Trait for Box: the trait as written is the role, the callee is its
; path without type arguments
(impl_item
  trait: [
    (type_identifier) @name @callee @ref.inherit
    (scoped_type_identifier name: (type_identifier) @name) @callee @ref.inherit
    (generic_type type: (type_identifier) @name @callee) @ref.inherit
    (generic_type type: (scoped_type_identifier name: (type_identifier) @name) @callee) @ref.inherit
  ])

; supertraits: trait Shape: Debug + fmt::Display + Into<u8>
(trait_item
  bounds: (trait_bounds
    [
      (type_identifier) @name @callee @ref.inherit
      (scoped_type_identifier name: (type_identifier) @name) @callee @ref.inherit
      (generic_type type: (type_identifier) @name @callee) @ref.inherit
      (generic_type type: (scoped_type_identifier name: (type_identifier) @name) @callee) @ref.inherit
    ]))

; ---- imports --------------------------------------------------------------

; use crate::util::helper; use serde;
(use_declaration
  argument: [(scoped_identifier) (identifier) (crate) (super) (self)] @path) @import.use

; use std::collections::HashMap as Map;
(use_declaration
  argument: (use_as_clause
    path: (_) @path
    alias: (identifier) @alias)) @import.use

; use a::*; use super::*;
(use_declaration
  argument: (use_wildcard
    (_) @path
    "*" @glob)) @import.use

; use std::{fmt, io::{self, Read as R}};: the core expands the list, each
; item prefixed with the path before it
(use_declaration
  argument: (scoped_use_list
    path: (_) @path
    list: (use_list) @path.list)) @import.use

; use {a, b::c};
(use_declaration
  argument: (use_list) @path.list) @import.use

; mod util; (the module's body is in another file)
(mod_item
  !body
  name: (identifier) @path) @import.mod

; extern crate serde; extern crate foo as bar;
(extern_crate_declaration
  name: (identifier) @path
  !alias) @import.extern_crate

(extern_crate_declaration
  name: (identifier) @path
  alias: (identifier) @alias) @import.extern_crate
