// gocount: what go/parser finds in Go files, for bench/parse/check_go.sh.
// Reads paths on standard input and prints, per file,
// "path<TAB>funcs<TAB>types<TAB>calls": function and method declarations
// with a body plus package-level variables bound to a function literal,
// type specs, and call expressions whose function is a name, a selector or
// an explicit instantiation of one, minus conversions to predeclared types.
// Files go/parser cannot parse print "path<TAB>SKIP".
//
// One construct reads two ways: f[x](y) is a call of an instantiated
// generic function to go/parser and an index expression to tree-sitter
// (a call of a map or slice element, which codemap does not report).
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
)

var predeclared = map[string]bool{
	"bool": true, "byte": true, "rune": true, "string": true, "error": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"uintptr": true, "float32": true, "float64": true, "complex64": true,
	"complex128": true, "any": true,
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		path := in.Text()
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			fmt.Printf("%s\tSKIP\n", path)
			continue
		}
		funcs, types, calls := 0, 0, 0
		for _, decl := range file.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.VAR {
				for _, spec := range gen.Specs {
					for _, value := range spec.(*ast.ValueSpec).Values {
						if _, ok := value.(*ast.FuncLit); ok {
							funcs++
						}
					}
				}
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					funcs++
				}
			case *ast.TypeSpec:
				types++
			case *ast.CallExpr:
				fun := n.Fun
				if ix, ok := fun.(*ast.IndexExpr); ok {
					fun = ix.X
				} else if ix, ok := fun.(*ast.IndexListExpr); ok {
					fun = ix.X
				}
				switch f := fun.(type) {
				case *ast.Ident:
					if !predeclared[f.Name] {
						calls++
					}
				case *ast.SelectorExpr:
					calls++
				}
			}
			return true
		})
		fmt.Printf("%s\t%d\t%d\t%d\n", path, funcs, types, calls)
	}
}
