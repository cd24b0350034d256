-- parse_go: definitions, references and imports extracted from Go
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
// Package shapes draws boxes.
package shapes

import "fmt"

import (
	"strings"
	m "math"
	. "github.com/x/y"
	_ "net/http/pprof"
	`os`
)

const MaxSize = 10

const (
	Small, Large = 1, 2
	Medium int   = iota
)

type ID int

type Alias = string

type Shape interface {
	fmt.Stringer
	Sizer
	Area() float64
}

type Box struct {
	Base
	*sync.Mutex
	Name string
}

type Pair[K comparable, V any] struct {
	key K
	val V
}

type (
	Handler  func(string) error
	Registry map[string]Handler
)

var Hook = func(name string) { log.Println(name) }

func (b *Box) Target() string {
	return helper(b)
}

func (b Box) Area() float64 {
	return m.Sqrt(float64(len(b.Name)))
}

func (p *Pair[K, V]) Key() K {
	return p.key
}

func helper(b *Box) string {
	const local = 1
	fmt.Println("helper")
	b.Lock()
	defer b.Mutex.Unlock()
	up := func(s string) string { return strings.ToUpper(s) }
	return up(b.Name) + Map[int](nil)
}
$src$, 'go')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- generic functions and value receivers, function literals bound at package
-- level, a type local to a function, calls that are conversions
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
package main

import (
	"os"
	cfg "example.com/app/config"
)

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func (Pair[K, V]) Swap() {}

var (
	onExit = func() { os.Exit(cfg.Code()) }
	count  = 0
)

func main() {
	type local struct{ n int }
	go func() { onExit() }()
	_ = string([]byte("x"))
}
$src$, 'go')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
