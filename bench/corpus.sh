#!/usr/bin/env bash
# bench/corpus.sh NAME: make a real code base available for benchmarks and
# print its root directory.  Each comes from a Debian or npm package, so a
# plain clone of codemap can fetch it; unpacked copies are cached in
# ${CODEMAP_CORPORA:-~/.cache/codemap-corpora}.
#
#   linux   Linux 6.1 (Debian linux-source-6.1): C
#   go      Go 1.19 standard library and tools (golang-1.19-src): Go
#   django  Django 3.2 (python3-django): Python
#   jdk     OpenJDK 17 class library (openjdk-17-source): Java
#   three   three.js 0.160.0 (npm): JavaScript
#   rxjs    RxJS 7.8.1 (npm, which ships its sources and tsconfig): TypeScript
#   tree-sitter  the tree-sitter 0.21 runtime's C sources, as the npm package
#           tree-sitter@0.21.1 vendors them: C
set -euo pipefail

cache=${CODEMAP_CORPORA:-$HOME/.cache/codemap-corpora}
mkdir -p "$cache"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
deb() {
	dpkg -s "$1" >/dev/null 2>&1 && return
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}

case "${1:-}" in
linux)
	deb linux-source-6.1
	deb xz-utils
	if [ ! -d "$cache/linux-source-6.1" ]; then
		tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$cache"
	fi
	echo "$cache/linux-source-6.1"
	;;
go)
	deb golang-1.19-src
	echo /usr/share/go-1.19/src
	;;
django)
	deb python3-django
	echo /usr/lib/python3/dist-packages/django
	;;
jdk)
	deb openjdk-17-source
	deb unzip
	if [ ! -d "$cache/openjdk-17" ]; then
		mkdir -p "$cache/openjdk-17.tmp"
		(cd "$cache/openjdk-17.tmp" && unzip -q /usr/lib/jvm/openjdk-17/lib/src.zip)
		mv "$cache/openjdk-17.tmp" "$cache/openjdk-17"
	fi
	echo "$cache/openjdk-17"
	;;
three)
	if [ ! -d "$cache/three-0.160.0" ]; then
		tmp=$(mktemp -d)
		(cd "$tmp" && npm pack --silent three@0.160.0 >/dev/null && tar -xzf three-0.160.0.tgz)
		mv "$tmp/package" "$cache/three-0.160.0"
		rm -rf "$tmp"
	fi
	echo "$cache/three-0.160.0"
	;;
rxjs)
	if [ ! -d "$cache/rxjs-7.8.1" ]; then
		tmp=$(mktemp -d)
		(cd "$tmp" && npm pack --silent rxjs@7.8.1 >/dev/null && tar -xzf rxjs-7.8.1.tgz)
		mv "$tmp/package" "$cache/rxjs-7.8.1"
		rm -rf "$tmp"
	fi
	echo "$cache/rxjs-7.8.1"
	;;
tree-sitter)
	if [ ! -d "$cache/tree-sitter-0.21.1" ]; then
		tmp=$(mktemp -d)
		(cd "$tmp" && npm pack --silent tree-sitter@0.21.1 >/dev/null && tar -xzf tree-sitter-0.21.1.tgz)
		mv "$tmp/package/vendor/tree-sitter/lib" "$cache/tree-sitter-0.21.1"
		rm -rf "$tmp"
	fi
	echo "$cache/tree-sitter-0.21.1"
	;;
*)
	echo "usage: bench/corpus.sh linux|go|django|jdk|three|rxjs|tree-sitter" >&2
	exit 2
	;;
esac
