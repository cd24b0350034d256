; C++ extraction query (see src/core/cm_query.h for the capture names).

; ---- definitions ----------------------------------------------------------

; Functions, methods, constructors, destructors and operators, returning
; by value, pointer or reference; inside a class the core makes them
; methods.  An explicit specialization ("f<int>") is named after its
; template.  Out-of-line definitions: "ns::Box::f" is split by the core and
; is a method unless ns::Box names a namespace of the file; for a member of
; a class template ("Box<T>::get") the template arguments are left out, so
; that the qualified name matches the class ("Box::get").  A macro before
; the return type ("EXPORT std::size_t Box::f()") can make the parser run
; the type into the name ("std::size_t Box::f", even "Box<T> f" without
; "::"): the predicates skip such names, except for operators
; ("Box::operator new").
(function_definition
  declarator: [
    (function_declarator
      declarator: [(identifier) @name (field_identifier) @name
                   (destructor_name) @name (operator_name) @name
                   (template_function name: (identifier) @name)
                   (qualified_identifier) @name @_qualified
                   (qualified_identifier name: (operator_name)) @name @_operator
                   (qualified_identifier
                     scope: (template_type name: (type_identifier) @qualifier)
                     name: [(identifier) (destructor_name) (operator_name)
                            (qualified_identifier)] @name) @_template])
    (_
      (function_declarator
        declarator: [(identifier) @name (field_identifier) @name
                     (destructor_name) @name (operator_name) @name
                     (template_function name: (identifier) @name)
                     (qualified_identifier) @name @_qualified
                     (qualified_identifier name: (operator_name)) @name @_operator
                     (qualified_identifier
                       scope: (template_type name: (type_identifier) @qualifier)
                       name: [(identifier) (destructor_name) (operator_name)
                              (qualified_identifier)] @name) @_template]))
    (_
      (_
        (function_declarator
          declarator: [(identifier) @name (field_identifier) @name
                       (destructor_name) @name (operator_name) @name
                       (template_function name: (identifier) @name)
                       (qualified_identifier) @name @_qualified
                       (qualified_identifier name: (operator_name)) @name @_operator
                       (qualified_identifier
                         scope: (template_type name: (type_identifier) @qualifier)
                         name: [(identifier) (destructor_name) (operator_name)
                                (qualified_identifier)] @name) @_template])))
  ]
  body: (_)
  (#match? @_qualified "::")
  (#not-match? @_qualified "^[[:alnum:]_]+[[:space:]]*<")
  (#not-match? @_qualified "^[^<]*[[:alnum:]_][[:space:]]+[[:alpha:]_]")
  (#match? @_operator "^[[:alnum:]_]+[[:space:]]*::")
  (#match? @_template "::")) @def.function

; lambdas bound to a name: "auto cmp = [](int a, int b) { ... };"
(declaration
  declarator: (init_declarator
    declarator: (identifier) @name
    value: (lambda_expression))) @def.function

; classes, structs, unions and enums with a body; a specialization
; ("class Box<int> {...}") is named after its template
(class_specifier
  name: [(type_identifier) (qualified_identifier)] @name
  body: (field_declaration_list)) @def.class

(class_specifier
  name: (template_type name: (type_identifier) @name)
  body: (field_declaration_list)) @def.class

(struct_specifier
  name: [(type_identifier) (qualified_identifier)] @name
  body: (field_declaration_list)) @def.struct

(struct_specifier
  name: (template_type name: (type_identifier) @name)
  body: (field_declaration_list)) @def.struct

(union_specifier
  name: [(type_identifier) (qualified_identifier)] @name
  body: (field_declaration_list)) @def.struct

(enum_specifier
  name: [(type_identifier) (qualified_identifier)] @name
  body: (enumerator_list)) @def.enum

; "class EXPORT_MACRO Name {...}" (an export macro before the name) parses
; as a function whose type is the class and whose declarator is the name:
; no real function looks like that, so take it for the class
(function_definition
  type: (class_specifier !body)
  declarator: (identifier) @name
  body: (compound_statement)) @def.class

(function_definition
  type: (struct_specifier !body)
  declarator: (identifier) @name
  body: (compound_statement)) @def.struct

; namespaces, including "namespace a::b {" (split by the core); anonymous
; namespaces have no name and add nothing to qualified names
(namespace_definition
  name: [(namespace_identifier) (nested_namespace_specifier)] @name
  body: (declaration_list)) @def.namespace

; type aliases: typedef (of a type, pointer or function pointer) and
; "using X = Y;" (alias templates too); like local classes, those in
; function bodies are kept
(type_definition
  declarator: [(type_identifier) @name
               (pointer_declarator declarator: (type_identifier) @name)
               (function_declarator
                 declarator: (parenthesized_declarator
                   (pointer_declarator
                     declarator: (type_identifier) @name)))]) @def.type

(alias_declaration
  name: (type_identifier) @name) @def.type

; concepts are named requirements on types, the closest thing to a trait
(concept_definition
  name: (identifier) @name) @def.trait

; macros
(preproc_def
  name: (identifier) @name) @def.macro

(preproc_function_def
  name: (identifier) @name) @def.macro

; constants: const or constexpr variables with an initializer ("* const"
; pointers too); the core drops those local to a function.  The role is on
; the declarator so that "const int A = 1, B = 2;" gives two siblings.
(declaration
  (type_qualifier) @_const
  declarator: (init_declarator
    declarator: [(identifier) @name
                 (pointer_declarator
                   (type_qualifier)
                   declarator: (identifier) @name)]) @def.constant
  (#any-of? @_const "const" "constexpr"))

; static const / constexpr data members (field declarations only occur in
; class bodies)
(field_declaration
  (storage_class_specifier) @_static
  (type_qualifier) @_const
  declarator: (field_identifier) @name
  default_value: (_)
  (#eq? @_static "static")
  (#any-of? @_const "const" "constexpr")) @def.constant

; ---- references -----------------------------------------------------------

; f(), f<T>()
(call_expression
  function: (identifier) @name @callee) @ref.call

(call_expression
  function: (template_function
    name: (identifier) @name) @callee
  (#not-any-of? @name "static_cast" "dynamic_cast" "reinterpret_cast"
                      "const_cast")) @ref.call

; ns::f(), a::b::f<T>(), Type::static_fn()
(call_expression
  function: (qualified_identifier
    name: [(identifier) @name
           (template_function name: (identifier) @name)
           (qualified_identifier
             name: [(identifier) @name
                    (template_function name: (identifier) @name)
                    (qualified_identifier
                      name: [(identifier) @name
                             (template_function name: (identifier) @name)])])]) @callee) @ref.call

; obj.f(), p->f(), this->f(), obj.template f<T>(), p->Base::f(): the
; callee as written when the object is a plain chain of names, else the
; member alone, so that no arguments end up in it ("get()->run()")
(call_expression
  function: (field_expression
    argument: (_) @_object
    field: [(field_identifier) @name
            (template_method name: (field_identifier) @name)
            (dependent_name (template_method name: (field_identifier) @name))
            (qualified_identifier name: [(identifier) (field_identifier)] @name)]) @callee
  (#match? @_object "^([[:alnum:]_.:]|->)+$")) @ref.call

(call_expression
  function: (field_expression
    field: [(field_identifier) @name @callee
            (template_method name: (field_identifier) @name) @callee
            (dependent_name (template_method name: (field_identifier) @name)) @callee
            (qualified_identifier name: [(identifier) (field_identifier)] @name) @callee])) @ref.call

; new Foo(...), new ns::Foo<T>{...}
(new_expression
  type: [(type_identifier) @name
         (template_type name: (type_identifier) @name)
         (qualified_identifier
           name: [(type_identifier) @name
                  (template_type name: (type_identifier) @name)
                  (qualified_identifier
                    name: [(type_identifier) @name
                           (template_type name: (type_identifier) @name)])])] @callee) @ref.call

; base classes: "class A : public B, private ns::C<int>"
(base_class_clause
  [(type_identifier) @name
   (template_type name: (type_identifier) @name)
   (qualified_identifier
     name: [(type_identifier) @name
            (template_type name: (type_identifier) @name)
            (qualified_identifier
              name: [(type_identifier) @name
                     (template_type name: (type_identifier) @name)])])] @callee @ref.inherit)

; ---- imports --------------------------------------------------------------

; #include "util.h" keeps its quotes, <vector> its brackets
(preproc_include
  path: [(string_literal) (system_lib_string)] @path) @import.include

; "using namespace std;" imports a namespace
(using_declaration
  "namespace"
  [(identifier) (qualified_identifier)] @path) @import.using

; "using std::vector;" brings one name in; not in class bodies, where
; "using Base::f;" only re-exposes a member.  (It also matches "using
; namespace a::b;", a duplicate of the pattern above that the core drops.)
[
  ((using_declaration (qualified_identifier) @path) @import.using @top)
  (declaration_list
    (using_declaration (qualified_identifier) @path) @import.using)
  (compound_statement
    (using_declaration (qualified_identifier) @path) @import.using)
  (preproc_ifdef
    (using_declaration (qualified_identifier) @path) @import.using)
  (preproc_if
    (using_declaration (qualified_identifier) @path) @import.using)
]

; "namespace fs = std::filesystem;"
(namespace_alias_definition
  name: (namespace_identifier) @alias
  [(namespace_identifier) (nested_namespace_specifier)] @path) @import.namespace_alias
