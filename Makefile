# Makefile for codemap (PGXS)
#
# Targets beyond PGXS's own:
#   grammars     fetch the pinned tree-sitter grammars from npm (once)
#   cli          the codemap command-line client (installed with `make install`)
#   unittest     core unit tests, no server needed (plain, then ASan+UBSan)
#   rawparse     the raw tree-sitter benchmark loop used by bench/parse
#   fuzz         libFuzzer on extraction (clang; FUZZ_SECONDS, default 60)
#   fuzz-graph   libFuzzer on graph values and algorithms (same settings)
#   fuzz-resolve libFuzzer on import candidates (same settings)
#   fuzz-walk    libFuzzer on the client's file listing and globs (same settings)
#
# installcheck runs the pg_regress tests; scripts/test.sh runs everything,
# pgTAP included, against a throwaway cluster.
#
# Grammars are fetched into build/grammars by `npm ci` from grammars/
# package-lock.json and compiled into build/grammar/*.o.  Both steps depend
# only on the lockfile, so `make` neither refetches nor recompiles them
# while it is unchanged.

EXTENSION   = codemap
EXTVERSION  = 0.1.0
MODULE_big  = codemap
PGFILEDESC  = "codemap - code graphs in PostgreSQL"

PG_CONFIG  ?= pg_config
BUILD      := build
GRAMMAR_NM := $(BUILD)/grammars/node_modules
GRAMMAR_STAMP := $(BUILD)/grammars/.installed

# name:source-directory for every compiled-in grammar
GRAMMARS := \
	c:tree-sitter-c/src \
	cpp:tree-sitter-cpp/src \
	python:tree-sitter-python/src \
	javascript:tree-sitter-javascript/src \
	typescript:tree-sitter-typescript/typescript/src \
	tsx:tree-sitter-typescript/tsx/src \
	go:tree-sitter-go/src \
	java:tree-sitter-java/src \
	rust:tree-sitter-rust/src \
	ruby:tree-sitter-ruby/src \
	csharp:tree-sitter-c-sharp/src \
	php:tree-sitter-php/php/src

grammar_name = $(word 1,$(subst :, ,$1))
grammar_dir  = $(GRAMMAR_NM)/$(word 2,$(subst :, ,$1))
grammar_for  = $(filter $1:%,$(GRAMMARS))

# grammars with an external scanner (scanner.c)
SCANNER_LANGS := cpp python javascript typescript tsx rust ruby csharp php
LANG_NAMES    := $(foreach g,$(GRAMMARS),$(call grammar_name,$g))

GRAMMAR_OBJS := $(foreach l,$(LANG_NAMES),$(BUILD)/grammar/$l-parser.o) \
	$(foreach l,$(SCANNER_LANGS),$(BUILD)/grammar/$l-scanner.o)

# Each language's query is one file, or several joined in order
# (LANG:FILE+FILE) where grammars share node types: JSX in javascript and tsx.
QUERY_PARTS := $(foreach l,$(filter-out javascript typescript tsx,$(LANG_NAMES)),$l:$l.scm) \
	typescript:typescript.scm+ecma.scm \
	javascript:javascript.scm+ecma.scm+jsx.scm \
	tsx:typescript.scm+ecma.scm+jsx.scm
QUERY_FILES := $(wildcard src/core/queries/*.scm)

CORE_OBJS := \
	src/core/cm_alloc.o \
	src/core/cm_error.o \
	src/core/cm_language.o \
	src/core/cm_grammars.o \
	src/core/cm_query.o \
	src/core/cm_extract.o \
	src/core/cm_resolve.o \
	src/core/cm_text.o \
	src/core/cm_graph.o \
	src/core/cm_cluster.o \
	src/core/cm_traverse.o \
	src/core/cm_explore.o \
	$(BUILD)/cm_queries.o

# the parts of the core that need no grammar (shared with the client)
CORE_LIGHT_SRCS := src/core/cm_language.c src/core/cm_text.c

PG_OBJS := \
	src/pg/pg_codemap.o \
	src/pg/pg_alloc.o \
	src/pg/pg_errors.o \
	src/pg/pg_parse.o \
	src/pg/pg_resolve.o \
	src/pg/pg_store.o \
	src/pg/pg_graph.o \
	src/pg/pg_communities.o \
	src/pg/pg_explore.o \
	src/pg/pg_access.o

OBJS = $(PG_OBJS) $(CORE_OBJS) $(GRAMMAR_OBJS)

DATA_built = $(BUILD)/$(EXTENSION)--$(EXTVERSION).sql

REGRESS = \
	languages \
	parse_c parse_cpp parse_python parse_javascript parse_typescript \
	parse_tsx parse_go parse_java parse_rust parse_ruby parse_csharp \
	parse_php \
	parse_errors \
	resolve_c resolve_python resolve_go resolve_javascript resolve_java \
	resolve_rust resolve_ruby resolve_csharp resolve_php \
	graph cluster explore
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)

TS_CFLAGS := $(shell pkg-config --cflags tree-sitter 2>/dev/null)
TS_LIBS   := $(shell pkg-config --libs tree-sitter 2>/dev/null || echo -ltree-sitter)

PG_CPPFLAGS = -I$(srcdir)/src/core -I$(BUILD) $(TS_CFLAGS)
PG_CFLAGS   = -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -Werror
SHLIB_LINK  = $(TS_LIBS) -lm

EXTRA_CLEAN = $(BUILD)/cm_queries.c $(BUILD)/cm_queries.o \
	$(BUILD)/grammar_versions.h $(BUILD)/$(EXTENSION)--$(EXTVERSION).sql \
	$(BUILD)/codemap $(BUILD)/rawparse $(BUILD)/test_core $(BUILD)/test_core_san \
	$(BUILD)/test_graph $(BUILD)/test_graph_san $(BUILD)/replay_walk_san \
	src/cli/*.o test/core/*.o bench/parse/*.o

PGXS := $(shell $(PG_CONFIG) --pgxs)
# Bitcode for the JIT would be compiled for every grammar's parser.c (tens of
# MB of tables) and needs clang at install time; codemap gains nothing from
# inlining, so build none.
override with_llvm = no
include $(PGXS)

# ---------------------------------------------------------------------------
# grammars

$(GRAMMAR_STAMP): grammars/package.json grammars/package-lock.json
	mkdir -p $(BUILD)/grammars
	cp grammars/package.json grammars/package-lock.json $(BUILD)/grammars/
	cd $(BUILD)/grammars && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

grammars: $(GRAMMAR_STAMP)

# Grammar code is third-party and generated: compile it optimized, without
# our warning flags and without assert() (a failed assertion would abort
# the server process), and route its scanners' malloc/free through
# tree-sitter's allocator (see src/core/cm_grammar_alloc.h).
GRAMMAR_CFLAGS = -O2 -fPIC -std=gnu11 -w -DNDEBUG -DTREE_SITTER_REUSE_ALLOCATOR \
	-include $(srcdir)/src/core/cm_grammar_alloc.h

# One recipe for every grammar object: the target's stem is LANG-PART
# (cpp-scanner), naming the grammar and its PART.c; $1 is the compiler and
# its flags.
grammar_object = @mkdir -p $(@D) && \
	$1 -I$(call grammar_dir,$(call grammar_for,$(word 1,$(subst -, ,$*)))) \
	-c $(call grammar_dir,$(call grammar_for,$(word 1,$(subst -, ,$*))))/$(word 2,$(subst -, ,$*)).c \
	-o $@

$(BUILD)/grammar/%.o: $(GRAMMAR_STAMP) src/core/cm_grammar_alloc.h
	$(call grammar_object,$(CC) $(GRAMMAR_CFLAGS))

$(BUILD)/grammar_versions.h: $(GRAMMAR_STAMP) scripts/grammar-versions.sh
	sh scripts/grammar-versions.sh $(GRAMMAR_NM) > $@.tmp && mv $@.tmp $@

src/core/cm_grammars.o: $(BUILD)/grammar_versions.h

# extraction queries, embedded as C strings
$(BUILD)/cm_queries.c: $(QUERY_FILES) scripts/embed-queries.sh Makefile
	@mkdir -p $(BUILD)
	sh scripts/embed-queries.sh src/core/queries $(QUERY_PARTS) > $@.tmp && mv $@.tmp $@

$(BUILD)/cm_queries.o: $(BUILD)/cm_queries.c
	$(CC) $(CFLAGS) $(CPPFLAGS) -c $< -o $@

# the install script, from its parts in order
INSTALL_SQL = sql/$(EXTENSION).sql sql/$(EXTENSION)_repo.sql sql/$(EXTENSION)_graph.sql \
	sql/$(EXTENSION)_cluster.sql sql/$(EXTENSION)_snapshot.sql \
	sql/$(EXTENSION)_explore.sql sql/$(EXTENSION)_security.sql

$(BUILD)/$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_SQL)
	@mkdir -p $(BUILD)
	cat $(INSTALL_SQL) > $@

# ---------------------------------------------------------------------------
# the client

PG_INCLUDEDIR := $(shell $(PG_CONFIG) --includedir)
PG_LIBDIR     := $(shell $(PG_CONFIG) --libdir)
CLI_CFLAGS = -std=gnu11 -O2 -g -pthread -Wall -Wextra -Wno-unused-parameter -Werror \
	-I$(srcdir)/src/core -I$(PG_INCLUDEDIR)
CLI_OBJS = src/cli/cli_main.o src/cli/cli_walk.o src/cli/cli_parse.o src/cli/cli_index.o \
	src/cli/cli_explore.o

src/cli/%.o: src/cli/%.c src/cli/cli.h src/core/cm_language.h src/core/cm_text.h
	$(CC) $(CLI_CFLAGS) -c $< -o $@

$(BUILD)/codemap: $(CLI_OBJS) $(CORE_LIGHT_SRCS)
	@mkdir -p $(BUILD)
	$(CC) $(CLI_CFLAGS) -o $@ $(CLI_OBJS) $(CORE_LIGHT_SRCS) \
		-L$(PG_LIBDIR) -lpq -lcrypto -pthread

cli: $(BUILD)/codemap
all: $(BUILD)/codemap

install: install-cli
install-cli: $(BUILD)/codemap
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) $(BUILD)/codemap '$(DESTDIR)$(bindir)/codemap'

uninstall: uninstall-cli
uninstall-cli:
	rm -f '$(DESTDIR)$(bindir)/codemap'

# ---------------------------------------------------------------------------
# core unit tests and the raw benchmark loop: the core without a server

CORE_CFLAGS = -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-missing-field-initializers -Werror -I$(srcdir)/src/core -I$(BUILD) \
	$(TS_CFLAGS)
CORE_SRCS = $(CORE_OBJS:.o=.c)

TEST_SRCS = test/core/test_core.c test/region.c test/readfile.c

$(BUILD)/test_core: $(TEST_SRCS) test/check.h test/region.h test/readfile.h $(CORE_SRCS) $(GRAMMAR_OBJS) \
		$(BUILD)/grammar_versions.h
	$(CC) $(CORE_CFLAGS) -Itest -o $@ $(TEST_SRCS) \
		$(CORE_SRCS) $(GRAMMAR_OBJS) $(TS_LIBS) -lm

# the same tests under AddressSanitizer and UndefinedBehaviorSanitizer
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
$(BUILD)/test_core_san: $(TEST_SRCS) test/check.h test/region.h test/readfile.h $(CORE_SRCS) $(GRAMMAR_OBJS) \
		$(BUILD)/grammar_versions.h
	$(CC) $(CORE_CFLAGS) $(SAN_FLAGS) -Itest -o $@ $(TEST_SRCS) \
		$(CORE_SRCS) $(GRAMMAR_OBJS) $(TS_LIBS) -lm

$(BUILD)/rawparse: bench/parse/rawparse.c test/readfile.c test/readfile.h \
		$(CORE_SRCS) $(GRAMMAR_OBJS) $(BUILD)/grammar_versions.h
	$(CC) $(CORE_CFLAGS) -Itest -o $@ bench/parse/rawparse.c test/readfile.c \
		$(CORE_SRCS) $(GRAMMAR_OBJS) $(TS_LIBS) -lm

# the graph's tests need no grammar
GRAPH_SRCS = src/core/cm_alloc.c src/core/cm_error.c src/core/cm_graph.c \
	src/core/cm_cluster.c src/core/cm_traverse.c src/core/cm_explore.c
GRAPH_HDRS = src/core/cm_graph.h src/core/cm_cluster.h src/core/cm_traverse.h \
	src/core/cm_explore.h

$(BUILD)/test_graph: test/core/test_graph.c test/check.h $(GRAPH_SRCS) $(GRAPH_HDRS)
	@mkdir -p $(BUILD)
	$(CC) $(CORE_CFLAGS) -Itest -o $@ test/core/test_graph.c $(GRAPH_SRCS) -lm

$(BUILD)/test_graph_san: test/core/test_graph.c test/check.h $(GRAPH_SRCS) $(GRAPH_HDRS)
	@mkdir -p $(BUILD)
	$(CC) $(CORE_CFLAGS) $(SAN_FLAGS) -Itest -o $@ test/core/test_graph.c $(GRAPH_SRCS) -lm

# the client's file listing: the fuzz_walk inputs that once failed, replayed
# without libFuzzer (test/fuzz/replay.c)
WALK_SRCS = src/cli/cli_walk.c src/core/cm_text.c
WALK_REGRESSIONS = $(wildcard test/fuzz/regressions-walk/*)

$(BUILD)/replay_walk_san: test/fuzz/replay.c test/fuzz/fuzz_walk.c test/readfile.c \
		test/readfile.h $(WALK_SRCS) src/cli/cli.h src/core/cm_text.h
	@mkdir -p $(BUILD)
	$(CC) $(CORE_CFLAGS) $(SAN_FLAGS) -Itest -I$(srcdir)/src/cli -I$(PG_INCLUDEDIR) \
		-o $@ test/fuzz/replay.c test/fuzz/fuzz_walk.c test/readfile.c $(WALK_SRCS)

unittest: $(BUILD)/test_core $(BUILD)/test_core_san $(BUILD)/test_graph $(BUILD)/test_graph_san \
		$(BUILD)/replay_walk_san
	$(BUILD)/test_core
	$(BUILD)/test_core_san
	$(BUILD)/test_graph
	$(BUILD)/test_graph_san
	$(BUILD)/replay_walk_san $(WALK_REGRESSIONS)

rawparse: $(BUILD)/rawparse

# the core stays free of PostgreSQL (see docs/architecture.md)
check-core-boundary:
	@if grep -rnE 'postgres\.h|palloc|ereport' src/core; then \
		echo "src/core must not use PostgreSQL's headers or allocators" >&2; exit 1; fi

unittest: check-core-boundary

.PHONY: grammars cli install-cli uninstall-cli unittest rawparse check-core-boundary

# ---------------------------------------------------------------------------
# fuzzing (clang, libFuzzer, ASan + UBSan): make fuzz FUZZ_SECONDS=600

FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I$(srcdir)/src/core -I$(BUILD) $(TS_CFLAGS)
FUZZ_SECONDS ?= 60
FUZZ_GRAMMAR_OBJS := $(GRAMMAR_OBJS:$(BUILD)/grammar/%=$(BUILD)/fuzz-grammar/%)

FUZZ_GRAMMAR_CFLAGS = $(GRAMMAR_CFLAGS:-O2=-O1 -g) -fsanitize=fuzzer-no-link,address

$(BUILD)/fuzz-grammar/%.o: $(GRAMMAR_STAMP) src/core/cm_grammar_alloc.h
	$(call grammar_object,$(FUZZ_CC) $(FUZZ_GRAMMAR_CFLAGS))

$(BUILD)/fuzz_parse: test/fuzz/fuzz_parse.c test/region.c test/region.h \
		$(CORE_SRCS) $(FUZZ_GRAMMAR_OBJS) $(BUILD)/grammar_versions.h
	$(FUZZ_CC) $(FUZZ_FLAGS) -Itest -o $@ test/fuzz/fuzz_parse.c test/region.c \
		$(CORE_SRCS) $(FUZZ_GRAMMAR_OBJS) $(TS_LIBS) -lm

# seeds: the snippets of the regression tests, one file per language
$(BUILD)/fuzz-seeds/.made: $(wildcard sql/parse_*.sql) test/fuzz/seeds.sh
	sh test/fuzz/seeds.sh $(BUILD)/fuzz-seeds && touch $@

fuzz: $(BUILD)/fuzz_parse $(BUILD)/fuzz-seeds/.made
	@mkdir -p $(BUILD)/fuzz-corpus
	$(BUILD)/fuzz_parse -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		-rss_limit_mb=4096 -timeout=60 $(BUILD)/fuzz-corpus $(BUILD)/fuzz-seeds

# the graph value and algorithms: make fuzz-graph FUZZ_SECONDS=600
$(BUILD)/fuzz_graph: test/fuzz/fuzz_graph.c $(GRAPH_SRCS) $(GRAPH_HDRS)
	@mkdir -p $(BUILD)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ test/fuzz/fuzz_graph.c $(GRAPH_SRCS) -lm

$(BUILD)/fuzz-graph-seeds/.made: test/fuzz/graph_seeds.sh $(BUILD)/test_graph
	sh test/fuzz/graph_seeds.sh $(BUILD)/fuzz-graph-seeds && touch $@

fuzz-graph: $(BUILD)/fuzz_graph $(BUILD)/fuzz-graph-seeds/.made
	@mkdir -p $(BUILD)/fuzz-graph-corpus
	$(BUILD)/fuzz_graph -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
		-rss_limit_mb=2048 -timeout=30 $(BUILD)/fuzz-graph-corpus $(BUILD)/fuzz-graph-seeds \
		test/fuzz/regressions

# import candidates in every language: make fuzz-resolve FUZZ_SECONDS=600
RESOLVE_SRCS = src/core/cm_alloc.c src/core/cm_error.c src/core/cm_language.c \
	src/core/cm_resolve.c src/core/cm_text.c

$(BUILD)/fuzz_resolve: test/fuzz/fuzz_resolve.c $(RESOLVE_SRCS) src/core/cm_resolve.h
	@mkdir -p $(BUILD)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ test/fuzz/fuzz_resolve.c $(RESOLVE_SRCS)

$(BUILD)/fuzz-resolve-seeds/.made: test/fuzz/resolve_seeds.sh
	sh test/fuzz/resolve_seeds.sh $(BUILD)/fuzz-resolve-seeds && touch $@

fuzz-resolve: $(BUILD)/fuzz_resolve $(BUILD)/fuzz-resolve-seeds/.made
	@mkdir -p $(BUILD)/fuzz-resolve-corpus
	$(BUILD)/fuzz_resolve -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-rss_limit_mb=2048 -timeout=30 $(BUILD)/fuzz-resolve-corpus \
		$(BUILD)/fuzz-resolve-seeds

# the client's listing, reading and exclude globs: make fuzz-walk.  Each
# input builds a small tree under FUZZ_TMPDIR and removes it; on tmpfs that
# runs about ten times as fast as on a disk.
FUZZ_TMPDIR ?= $(if $(wildcard /dev/shm/.),/dev/shm,/tmp)

$(BUILD)/fuzz_walk: test/fuzz/fuzz_walk.c $(WALK_SRCS) src/cli/cli.h src/core/cm_text.h
	@mkdir -p $(BUILD)
	$(FUZZ_CC) $(FUZZ_FLAGS) -I$(srcdir)/src/cli -I$(PG_INCLUDEDIR) -o $@ \
		test/fuzz/fuzz_walk.c $(WALK_SRCS)

$(BUILD)/fuzz-walk-seeds/.made: test/fuzz/walk_seeds.sh
	sh test/fuzz/walk_seeds.sh $(BUILD)/fuzz-walk-seeds && touch $@

fuzz-walk: $(BUILD)/fuzz_walk $(BUILD)/fuzz-walk-seeds/.made
	@mkdir -p $(BUILD)/fuzz-walk-corpus
	TMPDIR=$(FUZZ_TMPDIR) $(BUILD)/fuzz_walk -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-rss_limit_mb=2048 -timeout=30 $(BUILD)/fuzz-walk-corpus \
		$(BUILD)/fuzz-walk-seeds test/fuzz/regressions-walk

.PHONY: fuzz fuzz-graph fuzz-resolve fuzz-walk
