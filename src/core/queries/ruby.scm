; Ruby extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

; "class Foo" and "class Foo::Bar" (the core splits "Foo::Bar" into a
; qualifier and a name); "class ::Foo" names the top-level Foo
(class
  name: (constant) @name) @def.class

(class
  name: (scope_resolution
    scope: (_)) @name) @def.class

(class
  name: (scope_resolution
    !scope
    name: (constant) @name)) @def.class

(module
  name: (constant) @name) @def.module

(module
  name: (scope_resolution
    scope: (_)) @name) @def.module

(module
  name: (scope_resolution
    !scope
    name: (constant) @name)) @def.module

; classes built at run time and bound to a constant:
; "Point = Struct.new(:x, :y) do ... end", "Err = Class.new(StandardError)"
(assignment
  left: (constant) @name
  right: (call
    receiver: (constant) @_recv
    method: (identifier) @_new)
  (#any-of? @_recv "Struct" "Class" "Data")
  (#any-of? @_new "new" "define")) @def.class

(assignment
  left: (constant) @name
  right: (call
    receiver: (constant) @_recv
    method: (identifier) @_new)
  (#eq? @_recv "Module")
  (#eq? @_new "new")) @def.module

; a def at the top of the file is a function; every other def is a method
; (of a class, of a module, or of the object a block runs in)
((method
  name: (_) @name) @def.function @top)

(method
  name: (_) @name) @def.method

; "def self.build" belongs to the enclosing class or module; "def Foo.build"
; names its owner
(singleton_method
  object: [(constant) (scope_resolution)] @qualifier
  name: (_) @name) @def.method

(singleton_method
  name: (_) @name) @def.method

; constants: "MAX = 3" anywhere (the core drops those inside a def; Ruby
; rejects them anyway) and "Foo::MAX = 3" at the top of the file
(assignment
  left: (constant) @name) @def.constant

((assignment
  left: (scope_resolution
    scope: (_)
    name: (constant)) @name) @def.constant @top)

; ---- references -----------------------------------------------------------

; Foo.new(x) and Foo::Bar.new construct the class: the reference names the
; class, like "new Foo()" in other languages
(call
  receiver: (constant) @name @callee
  method: (identifier) @_new
  (#eq? @_new "new")) @ref.call

(call
  receiver: (scope_resolution
    name: (constant) @name) @callee
  method: (identifier) @_new
  (#eq? @_new "new")) @ref.call

; obj.bar(1), Foo::Bar.baz, a&.b, @items.each, Admin::configure: the
; callee runs from the receiver to the method name (never the arguments or
; block).  A receiver holding arguments, a block, a literal or an operator
; ("a.b(1).c", "list.map { }.first", "x.each do end.size") would drag them
; in: those calls fall through to the name-only patterns after these two
(call
  receiver: [(constant) (scope_resolution)] @callee @_recv
  method: [(identifier) (constant)] @name @callee
  (#not-eq? @name "new")
  (#not-match? @_recv "[][(){}\"'`|,;#<>=+*/%^~-]")) @ref.call

(call
  receiver: (_) @_recv @callee
  method: [(identifier) (constant)] @name @callee
  (#not-match? @_recv "^(::)?[A-Z][A-Za-z0-9_]*(::[A-Z][A-Za-z0-9_]*)*$")
  (#not-match? @_recv "[][(){}\"'`|,;#<>=+*/%^~-]")
  (#not-match? @_recv "[A-Za-z0-9_?!][[:space:]]+[A-Za-z0-9_@$:]")) @ref.call

; the receivers refused above: the callee is the method name alone
(call
  receiver: [(constant) (scope_resolution)]
  method: [(identifier) (constant)] @name @callee
  (#not-eq? @name "new")) @ref.call

(call
  receiver: (_) @_recv
  method: [(identifier) (constant)] @name @callee
  (#not-match? @_recv "^(::)?[A-Z][A-Za-z0-9_]*(::[A-Z][A-Za-z0-9_]*)*$")) @ref.call

; receiver-less calls with arguments, parentheses or a block ("helper(1)",
; "puts x", "each do ... end"); a bare identifier is not a call.  The
; import and mixin forms below are not counted as calls.
(call
  !receiver
  method: [(identifier) (constant)] @name @callee
  (#not-any-of? @name "require" "require_relative" "load" "autoload"
    "include" "extend" "prepend")) @ref.call

; "class A < Base", "class A < Mod::Base", "class M < ActiveRecord::Migration[7.1]"
(superclass
  (constant) @name @callee @ref.inherit)

(superclass
  (scope_resolution
    name: (constant) @name) @callee @ref.inherit)

(superclass
  (element_reference
    object: (constant) @name @callee @ref.inherit))

(superclass
  (element_reference
    object: (scope_resolution
      name: (constant) @name) @callee @ref.inherit))

; "Err = Class.new(StandardError)" inherits its first argument
(assignment
  left: (constant)
  right: (call
    receiver: (constant) @_class
    method: (identifier) @_new
    arguments: (argument_list
      .
      [(constant) @name
       (scope_resolution
         name: (constant) @name)] @callee @ref.inherit))
  (#eq? @_class "Class")
  (#eq? @_new "new"))

; mixins: "include Mod", "extend A::B", "prepend P" (one fact per argument)
(call
  !receiver
  method: (identifier) @_mixin
  arguments: (argument_list
    (constant) @name @callee @ref.inherit)
  (#any-of? @_mixin "include" "extend" "prepend"))

(call
  !receiver
  method: (identifier) @_mixin
  arguments: (argument_list
    (scope_resolution
      name: (constant) @name) @callee @ref.inherit)
  (#any-of? @_mixin "include" "extend" "prepend"))

; ---- imports --------------------------------------------------------------

; only literal paths: "require File.join(dir, 'x')" or an interpolated
; string has no target as written
(call
  !receiver
  method: (identifier) @_form
  arguments: (argument_list
    .
    (string
      .
      (string_content) .) @path.str)
  (#eq? @_form "require")) @import.require

(call
  !receiver
  method: (identifier) @_form
  arguments: (argument_list
    .
    (string
      .
      (string_content) .) @path.str)
  (#eq? @_form "require_relative")) @import.require_relative

(call
  !receiver
  method: (identifier) @_form
  arguments: (argument_list
    .
    (string
      .
      (string_content) .) @path.str)
  (#eq? @_form "load")) @import.load

; "autoload :Foo, 'foo'": the path is the second argument
(call
  !receiver
  method: (identifier) @_form
  arguments: (argument_list
    .
    (_)
    .
    (string
      .
      (string_content) .) @path.str)
  (#eq? @_form "autoload")) @import.autoload
