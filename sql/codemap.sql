-- codemap: code graphs from source, in PostgreSQL
-- Install script source for version 0.1.0 (built into codemap--0.1.0.sql).

\echo Use "CREATE EXTENSION codemap" to load this file. \quit

--------------------------------------------------------------------------
-- Languages and parsing: pure functions over a single source text
--------------------------------------------------------------------------

CREATE FUNCTION languages(
	OUT name text,
	OUT extensions text[],
	OUT grammar_version text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_languages'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 12;

COMMENT ON FUNCTION languages() IS
'languages codemap parses, with the file extensions that select them and the version of each compiled-in grammar';

CREATE FUNCTION detect_language(path text, source text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'codemap_detect_language'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION detect_language(text, text) IS
'language of a file from its path (name, extension) and, failing that, its content (shebang, <?php, C++ constructs in a .h file); NULL when unrecognized';

CREATE FUNCTION parse(
	source text,
	language text,
	OUT kind text,
	OUT symbol_kind text,
	OUT name text,
	OUT qualname text,
	OUT start_line int,
	OUT start_col int,
	OUT end_line int,
	OUT end_col int,
	OUT detail text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_parse'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 200;

COMMENT ON FUNCTION parse(text, text) IS
'definitions, references and imports in a source text: kind is definition, reference or import; lines and columns are 1-based; detail is the caller of a reference and the target of an import, as written';

CREATE FUNCTION parse_errors(
	source text,
	language text,
	OUT kind text,
	OUT start_line int,
	OUT start_col int,
	OUT end_line int,
	OUT end_col int)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'codemap_parse_errors'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 10;

COMMENT ON FUNCTION parse_errors(text, text) IS
'syntax errors in a source text: kind error (text the grammar could not place) or missing (a token the parser assumed); empty for a clean parse';
