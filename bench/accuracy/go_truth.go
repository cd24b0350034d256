// go_truth: import edges of a Go tree as the go command resolves them.
//
//	go list -e -test -json PATTERN... | go run go_truth.go ROOT FILES_OUT > EDGES
//
// Reads go list's package records (test variants included, so that test
// files' imports are resolved too), parses each listed file's import
// declarations with go/parser, maps each import path through the record's
// ImportMap (where go list writes its vendoring decisions) to the package
// it names, and writes "file<TAB>package-directory/" for every package
// that lies under ROOT.  Paths are relative to ROOT.  Every file go list
// considered is written to FILES_OUT, so that the comparison can leave out
// files no build includes (testdata, files of no package).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type pkg struct {
	Dir          string
	ImportPath   string
	GoFiles      []string
	CgoFiles     []string
	TestGoFiles  []string
	XTestGoFiles []string
	ImportMap    map[string]string
}

// "p [q.test]" names a test build of p: the package is still p.
func plain(path string) string {
	if i := strings.Index(path, " ["); i >= 0 {
		return path[:i]
	}
	return path
}

func main() {
	root, _ := filepath.EvalSymlinks(os.Args[1])
	var pkgs []pkg
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "go_truth:", err)
			os.Exit(1)
		}
		p.Dir, _ = filepath.EvalSymlinks(p.Dir)
		pkgs = append(pkgs, p)
	}
	dirs := map[string]string{}
	for _, p := range pkgs {
		dirs[plain(p.ImportPath)] = p.Dir
	}
	rel := func(path string) (string, bool) {
		r, err := filepath.Rel(root, path)
		if err != nil || strings.HasPrefix(r, "..") {
			return "", false
		}
		return filepath.ToSlash(r), true
	}

	edges := map[string]bool{}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, p := range pkgs {
		var files []string
		for _, list := range [][]string{p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles} {
			files = append(files, list...)
		}
		for _, name := range files {
			if filepath.IsAbs(name) {
				continue // a file the go command generated (test main, cgo)
			}
			full := filepath.Join(p.Dir, name)
			file, ok := rel(full)
			if !ok {
				continue
			}
			seen[file] = true
			f, err := parser.ParseFile(fset, full, nil, parser.ImportsOnly)
			if err != nil {
				continue
			}
			for _, spec := range f.Imports {
				path, err := strconv.Unquote(spec.Path.Value)
				if err != nil {
					continue
				}
				if mapped, ok := p.ImportMap[path]; ok {
					path = mapped
				}
				dir, ok := dirs[plain(path)]
				if !ok {
					continue
				}
				if target, ok := rel(dir); ok && target != "." {
					edges[file+"\t"+target+"/"] = true
				}
			}
		}
	}

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var lines []string
	for e := range edges {
		lines = append(lines, e)
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(out, l)
	}
	fo, err := os.Create(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "go_truth:", err)
		os.Exit(1)
	}
	defer fo.Close()
	w := bufio.NewWriter(fo)
	defer w.Flush()
	for f := range seen {
		fmt.Fprintln(w, f)
	}
}
