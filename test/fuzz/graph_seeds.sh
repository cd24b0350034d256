#!/bin/sh
# test/fuzz/graph_seeds.sh DIR: seeds for fuzz_graph, one file each: text
# forms (first byte 1), a small edge list (first byte 2) and the serialized
# form of the same graphs (first byte 0), which build/test_graph writes.
set -eu
dir=$1
mkdir -p "$dir"
i=0
for text in '{}' '{1}' '{1->2}' '{1->2:0.5, 2->3, 3->1, 9}' '{1->1, 2->2:3}' \
	'{0->1, 1->2, 2->3, 0->4, 5->0}' '{10->11, 11->12, 12->10, 12->13, 20->21, 21->20, 30}' \
	'{-9223372036854775808->9223372036854775807}'; do
	i=$((i + 1))
	printf '\001%s' "$text" >"$dir/text-$i"
	printf '\000' >"$dir/blob-$i"
	"$(dirname "$0")/../../build/test_graph" blob "$text" >>"$dir/blob-$i"
done
printf '\002\000\001\001\002\002\000\003\004\004\003\005\005' >"$dir/edges-1"
