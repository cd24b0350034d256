; PHP extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

; "namespace App\Models;" names the rest of the file (up to the next
; namespace); "namespace App { ... }" names its block.  The core splits
; "App\Models" at the backslash.  A global "namespace { }" has no name.
(namespace_definition
  name: (namespace_name) @name
  !body) @def.namespace.file

(namespace_definition
  name: (namespace_name) @name
  body: (compound_statement)) @def.namespace

(class_declaration
  name: (name) @name) @def.class

(interface_declaration
  name: (name) @name) @def.interface

(trait_declaration
  name: (name) @name) @def.trait

(enum_declaration
  name: (name) @name) @def.enum

(function_definition
  name: (name) @name) @def.function

; methods with a body (not abstract or interface prototypes); constructors
; are methods like any other
(method_declaration
  name: (name) @name
  body: (compound_statement)) @def.method

; "const X = 1;" at file, namespace or class level (one fact per element)
(const_declaration
  (const_element
    (name) @name) @def.constant)

; enum cases are the enum's constants
(enum_case
  name: (name) @name) @def.constant

; define('X', 1): only a literal name
(function_call_expression
  function: (name) @_define
  arguments: (arguments
    .
    (argument
      [(string
         .
         (string_content) @name .)
       (encapsed_string
         .
         (string_content) @name .)])
    .
    (argument))
  (#match? @_define "^[Dd][Ee][Ff][Ii][Nn][Ee]$")) @def.constant

; ---- references -----------------------------------------------------------

; foo(1), \App\helper(), namespace\helper(); define() is a definition,
; isset() and empty() are language constructs
(function_call_expression
  function: (name) @name @callee
  (#not-match? @name "^([Dd][Ee][Ff][Ii][Nn][Ee]|isset|empty)$")) @ref.call

(function_call_expression
  function: (qualified_name
    (name) @name) @callee) @ref.call

(function_call_expression
  function: (relative_name
    (name) @name) @callee) @ref.call

; $this->bar(), $this->repo->find(), $a?->b(), Foo::baz(),
; \App\Util::f(), parent::__construct(), static::make(): the callee runs
; from the object or class to the method name.  An object holding
; arguments, a subscript, a literal or a cast ("$a->b()->c()",
; "(new Foo)->bar()") would drag them in: those calls fall through to the
; name-only patterns after these three
(member_call_expression
  object: (_) @callee @_object
  name: (name) @name @callee
  (#not-match? @_object "[][(){}\"'`,;#<=+*/%^~!|&@]")) @ref.call

(nullsafe_member_call_expression
  object: (_) @callee @_object
  name: (name) @name @callee
  (#not-match? @_object "[][(){}\"'`,;#<=+*/%^~!|&@]")) @ref.call

(scoped_call_expression
  scope: (_) @callee @_scope
  name: (name) @name @callee
  (#not-match? @_scope "[][(){}\"'`,;#<=+*/%^~!|&@]")) @ref.call

; the objects refused above: the callee is the method name alone
(member_call_expression
  name: (name) @name @callee) @ref.call

(nullsafe_member_call_expression
  name: (name) @name @callee) @ref.call

(scoped_call_expression
  name: (name) @name @callee) @ref.call

; new Foo(), new \App\Models\Bar(1), new static
(object_creation_expression
  .
  (name) @name @callee) @ref.call

(object_creation_expression
  .
  (qualified_name
    (name) @name) @callee) @ref.call

(object_creation_expression
  .
  (relative_name
    (name) @name) @callee) @ref.call

; extends (classes and interfaces) and implements (classes and enums)
(base_clause
  (name) @name @callee @ref.inherit)

(base_clause
  (qualified_name
    (name) @name) @callee @ref.inherit)

(class_interface_clause
  (name) @name @callee @ref.inherit)

(class_interface_clause
  (qualified_name
    (name) @name) @callee @ref.inherit)

; "use T, \Lib\U;" inside a class, trait or enum body
(use_declaration
  (name) @name @callee @ref.inherit)

(use_declaration
  (qualified_name
    (name) @name) @callee @ref.inherit)

; ---- imports --------------------------------------------------------------

; require/include with a literal path, bare or in parentheses
(require_once_expression
  [(string . (string_content) .) @path.str
   (encapsed_string . (string_content) .) @path.str
   (parenthesized_expression
     [(string . (string_content) .)
      (encapsed_string . (string_content) .)] @path.str)]) @import.require_once

(require_expression
  [(string . (string_content) .) @path.str
   (encapsed_string . (string_content) .) @path.str
   (parenthesized_expression
     [(string . (string_content) .)
      (encapsed_string . (string_content) .)] @path.str)]) @import.require

(include_expression
  [(string . (string_content) .) @path.str
   (encapsed_string . (string_content) .) @path.str
   (parenthesized_expression
     [(string . (string_content) .)
      (encapsed_string . (string_content) .)] @path.str)]) @import.include

(include_once_expression
  [(string . (string_content) .) @path.str
   (encapsed_string . (string_content) .) @path.str
   (parenthesized_expression
     [(string . (string_content) .)
      (encapsed_string . (string_content) .)] @path.str)]) @import.include_once

; a path built from a literal ("__DIR__ . '/lib/a.php'") is kept whole, as
; written; a variable or an interpolated string has no target
(require_once_expression
  [(binary_expression
     right: [(string) (encapsed_string . (string_content) .)]) @path
   (parenthesized_expression
     (binary_expression
       right: [(string) (encapsed_string . (string_content) .)]) @path)]) @import.require_once

(require_expression
  [(binary_expression
     right: [(string) (encapsed_string . (string_content) .)]) @path
   (parenthesized_expression
     (binary_expression
       right: [(string) (encapsed_string . (string_content) .)]) @path)]) @import.require

(include_expression
  [(binary_expression
     right: [(string) (encapsed_string . (string_content) .)]) @path
   (parenthesized_expression
     (binary_expression
       right: [(string) (encapsed_string . (string_content) .)]) @path)]) @import.include

(include_once_expression
  [(binary_expression
     right: [(string) (encapsed_string . (string_content) .)]) @path
   (parenthesized_expression
     (binary_expression
       right: [(string) (encapsed_string . (string_content) .)]) @path)]) @import.include_once

; use App\Models\User;  use App\Models\User as U;  use A\B, C\D as E;
; "use function" and "use const" get their own forms
(namespace_use_declaration
  (namespace_use_clause
    type: "function"
    .
    [(name) (qualified_name)] @path
    alias: (name)? @alias)) @import.use_function

(namespace_use_declaration
  (namespace_use_clause
    type: "const"
    .
    [(name) (qualified_name)] @path
    alias: (name)? @alias)) @import.use_const

(namespace_use_declaration
  (namespace_use_clause
    !type
    .
    [(name) (qualified_name)] @path
    alias: (name)? @alias)) @import.use

; group use: use App\Models\{User, Post as P};  use function App\{f, g};
(namespace_use_declaration
  type: "function"
  (namespace_name) @path
  body: (namespace_use_group) @path.list) @import.use_function

(namespace_use_declaration
  type: "const"
  (namespace_name) @path
  body: (namespace_use_group) @path.list) @import.use_const

(namespace_use_declaration
  !type
  (namespace_name) @path
  body: (namespace_use_group) @path.list) @import.use
