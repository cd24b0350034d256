; JSX patterns, appended by the build to the javascript and tsx queries
; (queries have no include of their own; see the Makefile's QUERY_PARTS).

; JSX elements naming a component (capitalized, as React requires):
; <Foo />, <Foo.Bar>; closing tags repeat the name and are not counted
(jsx_opening_element
  name: (identifier) @name @callee
  (#match? @name "^[A-Z]")) @ref.call

(jsx_opening_element
  name: (member_expression
    property: (property_identifier) @name) @callee
  (#match? @name "^[A-Z]")) @ref.call

(jsx_self_closing_element
  name: (identifier) @name @callee
  (#match? @name "^[A-Z]")) @ref.call

(jsx_self_closing_element
  name: (member_expression
    property: (property_identifier) @name) @callee
  (#match? @name "^[A-Z]")) @ref.call
