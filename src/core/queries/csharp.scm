; C# extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

; namespaces: "namespace A.B { ... }" (split by the core), and the
; file-scoped "namespace A.B;" that names everything after it
(namespace_declaration
  name: (_) @name) @def.namespace

(file_scoped_namespace_declaration
  name: (_) @name) @def.namespace.file

; types; a record is a class, a "record struct" a struct
(class_declaration
  name: (identifier) @name) @def.class

(struct_declaration
  name: (identifier) @name) @def.struct

(record_declaration
  "struct"
  name: (identifier) @name) @def.struct

(record_declaration
  name: (identifier) @name) @def.class

(interface_declaration
  name: (identifier) @name) @def.interface

(enum_declaration
  name: (identifier) @name) @def.enum

(delegate_declaration
  name: (identifier) @name) @def.type

; methods and constructors with a body (not abstract, interface or extern
; declarations); the core makes them methods of their type.  Local
; functions nest under their method.
(method_declaration
  name: (identifier) @name
  body: (_)) @def.function

(constructor_declaration
  name: (identifier) @name
  body: (_)) @def.function

(local_function_statement
  name: (identifier) @name
  body: (_)) @def.function

; lambdas bound to a name: "Func<int, int> square = x => x * x;"
(variable_declarator
  name: (identifier) @name
  [(lambda_expression) (anonymous_method_expression)]) @def.function

; const fields; the role is on the declarator so that "const int A = 1,
; B = 2;" gives two siblings
(field_declaration
  (modifier) @_const
  (variable_declaration
    (variable_declarator
      name: (identifier) @name) @def.constant)
  (#eq? @_const "const"))

; ---- references -----------------------------------------------------------

; F(), F<T>()
(invocation_expression
  function: [(identifier) @name
             (generic_name (identifier) @name)] @callee
  (#not-eq? @name "nameof")) @ref.call

; obj.F(), Type.F<T>(), this.F(), base.F(): the callee as written when the
; object is a plain chain of names, else the member alone, so that no
; arguments end up in it ("Area().CompareTo()")
(invocation_expression
  function: (member_access_expression
    expression: _ @_object
    name: [(identifier) @name
           (generic_name (identifier) @name)]) @callee
  (#match? @_object "^[[:alnum:]_.]+$")) @ref.call

(invocation_expression
  function: (member_access_expression
    name: [(identifier) @name @callee
           (generic_name (identifier) @name) @callee])) @ref.call

; obj?.F()
(invocation_expression
  function: (conditional_access_expression
    (member_binding_expression
      name: [(identifier) @name
             (generic_name (identifier) @name)])) @callee) @ref.call

; new Foo(), new A.B.Foo<T>() (a target-typed "new()" names no type)
(object_creation_expression
  type: [(identifier) @name
         (generic_name (identifier) @name)
         (qualified_name
           name: [(identifier) @name
                  (generic_name (identifier) @name)])] @callee) @ref.call

; base lists: "class A : B, IC<T>, N.ID", "record R(int X) : Base(X)"
(base_list
  [(identifier) @name
   (generic_name (identifier) @name)
   (qualified_name
     name: [(identifier) @name
            (generic_name (identifier) @name)])] @callee @ref.inherit)

(base_list
  (primary_constructor_base_type
    type: [(identifier) @name
           (generic_name (identifier) @name)
           (qualified_name
             name: [(identifier) @name
                    (generic_name (identifier) @name)])] @callee @ref.inherit))

; ---- imports --------------------------------------------------------------

; "using static System.Math;" imports a type's static members
(using_directive
  "static"
  (_) @path) @import.using_static

; "using System.Text;", "global using System.Linq;"
(using_directive
  !name
  (_) @path) @import.using

; "using Json = Newtonsoft.Json.JsonConvert;"
(using_directive
  name: (identifier) @alias
  .
  (_) @path) @import.using
