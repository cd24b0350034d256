; JavaScript extraction query (see src/core/cm_query.h for the capture names).
; The build appends ecma.scm (patterns shared with TypeScript) and jsx.scm.

; "export default class Foo" is a class_declaration too; an anonymous
; "export default class {}" has no name and yields nothing
(class_declaration
  name: (identifier) @name) @def.class

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
       (field_definition
         property: [(property_identifier) (private_property_identifier)] @name
         value: [(arrow_function) (function_expression) (generator_function)])
      ] @def.function))
  (class
    name: (identifier)
    body: (class_body
      [(method_definition
         name: [(property_identifier) (private_property_identifier)] @name)
       (field_definition
         property: [(property_identifier) (private_property_identifier)] @name
         value: [(arrow_function) (function_expression) (generator_function)])
      ] @def.function))
  (variable_declarator
    value: (class
      !name
      body: (class_body
        [(method_definition
           name: [(property_identifier) (private_property_identifier)] @name)
         (field_definition
           property: [(property_identifier) (private_property_identifier)] @name
           value: [(arrow_function) (function_expression) (generator_function)])
        ] @def.function)))
]

; a named class expression: "module.exports = class Reifier {...}"
(class
  name: (identifier) @name) @def.class

; "class A extends B", "extends ns.B"; "extends mixin(B)" is a call
(class_heritage
  (identifier) @name @callee @ref.inherit)

(class_heritage
  (member_expression
    property: (property_identifier) @name) @callee @ref.inherit)
