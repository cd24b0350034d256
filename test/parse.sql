-- pgTAP: parse(), parse_errors() and detect_language() against bad input,
-- NULLs, cancellation, and properties that must hold for every language.
BEGIN;
SET client_min_messages = warning;
SELECT plan(69);

-- one small program per language, for the properties below
CREATE TEMP TABLE sample (language text PRIMARY KEY, source text NOT NULL);
INSERT INTO sample VALUES
('c', E'#include "box.h"\nstruct box { int w; };\nint area(struct box *b)\n{\n\treturn scale(b->w);\n}\n'),
('cpp', E'#include <vector>\nnamespace geo {\nclass Box : public Shape {\n  int area() { return scale(w); }\n};\n}\n'),
('python', E'import os\nclass Box(Shape):\n    def area(self):\n        return scale(self.w)\n'),
('javascript', E'import {scale} from "./util.js";\nexport class Box extends Shape {\n  area() { return scale(this.w); }\n}\n'),
('typescript', E'import {scale} from "./util";\ninterface Sized { w: number }\nclass Box implements Sized {\n  w = 1;\n  area(): number { return scale(this.w); }\n}\n'),
('tsx', E'import React from "react";\nexport function View() {\n  return <Box w={scale(1)} />;\n}\n'),
('go', E'package geo\n\nimport "math"\n\ntype Box struct{ W float64 }\n\nfunc (b *Box) Area() float64 {\n\treturn math.Abs(b.W)\n}\n'),
('java', E'package geo;\nimport java.util.List;\nclass Box extends Shape {\n  int area() { return scale(w); }\n}\n'),
('rust', E'use crate::util::scale;\nstruct Box { w: i32 }\nimpl Box {\n    fn area(&self) -> i32 { scale(self.w) }\n}\n'),
('ruby', E'require_relative "util"\nclass Box < Shape\n  def area\n    scale(@w)\n  end\nend\n'),
('csharp', E'using System.Text;\nnamespace Geo {\n  class Box : Shape {\n    int Area() { return Scale(w); }\n  }\n}\n'),
('php', E'<?php\nrequire_once "util.php";\nclass Box extends Shape {\n  function area() { return scale($this->w); }\n}\n');

SELECT set_eq('SELECT language FROM sample', 'SELECT name FROM codemap.languages()',
			  'the samples cover every language');

-- every language yields definitions, references and imports
SELECT is((SELECT count(DISTINCT kind) FROM codemap.parse(source, language)), 3::bigint,
		  language || ': definitions, references and imports')
FROM sample ORDER BY language;

-- parsing is deterministic
SELECT is((SELECT array_agg(p::text ORDER BY p::text) FROM codemap.parse(source, language) AS p),
		  (SELECT array_agg(p::text ORDER BY p::text) FROM codemap.parse(source, language) AS p),
		  language || ': the same facts twice')
FROM sample ORDER BY language;

-- CRLF line endings give the same facts
SELECT is((SELECT array_agg(p::text ORDER BY p::text)
		   FROM codemap.parse(replace(source, E'\n', E'\r\n'), language) AS p),
		  (SELECT array_agg(p::text ORDER BY p::text) FROM codemap.parse(source, language) AS p),
		  language || ': CRLF gives the same facts as LF')
FROM sample ORDER BY language;

-- positions and names are coherent in every language
SELECT is((SELECT count(*) FROM sample, codemap.parse(source, language) AS p
		   WHERE p.start_line < 1 OR p.start_col < 1
			  OR (p.end_line, p.end_col) < (p.start_line, p.start_col)),
		  0::bigint, 'every fact starts at line 1 or later and ends after it starts');
SELECT is((SELECT count(*) FROM sample, codemap.parse(source, language) AS p
		   WHERE p.kind = 'definition'
			 AND NOT (p.qualname = p.name OR right(p.qualname, length(p.name)) = p.name)),
		  0::bigint, 'every qualified name ends with its name');
SELECT is((SELECT count(*) FROM sample, codemap.parse(source, language) AS p
		   WHERE p.kind = 'reference' AND p.detail IS NOT NULL
			 AND NOT EXISTS (SELECT 1 FROM codemap.parse(source, language) AS d
							 WHERE d.kind = 'definition' AND d.qualname = p.detail)),
		  0::bigint, 'a reference''s caller is a definition of the same source');

-- bad arguments
SELECT throws_ok($$SELECT * FROM codemap.parse('x', 'cobol')$$, '22023',
				 'unrecognized language "cobol"', 'an unknown language is rejected');
SELECT throws_ok($$SELECT * FROM codemap.parse_errors('x', 'Python')$$, '22023',
				 NULL, 'language names are case-sensitive');
SET LOCAL codemap.max_file_bytes = '1kB';
SELECT throws_ok($$SELECT * FROM codemap.parse(repeat('x', 2000), 'c')$$, '54000',
				 NULL, 'a source over codemap.max_file_bytes is rejected');
SELECT throws_ok($$SELECT * FROM codemap.parse_errors(repeat('x', 2000), 'c')$$, '54000',
				 NULL, 'parse_errors applies the same limit');
RESET codemap.max_file_bytes;
SET LOCAL codemap.max_parse_memory = '4MB';
SELECT throws_ok($$SELECT * FROM codemap.parse(repeat('if(x)', 20000), 'c')$$, '54000',
				 NULL, 'a parse over codemap.max_parse_memory is stopped');
RESET codemap.max_parse_memory;
SELECT lives_ok($$SELECT * FROM codemap.parse('def f(): pass', 'python')$$,
				'the backend parses again after a stopped parse');
SELECT throws_ok($$SET codemap.max_file_bytes = 10$$, '22023', NULL,
				 'codemap.max_file_bytes has a floor');

-- NULL arguments
SELECT is((SELECT count(*) FROM codemap.parse(NULL, 'c')), 0::bigint, 'parse(NULL, language) is empty');
SELECT is((SELECT count(*) FROM codemap.parse('int x;', NULL)), 0::bigint, 'parse(source, NULL) is empty');
SELECT is((SELECT count(*) FROM codemap.parse_errors(NULL, NULL)), 0::bigint, 'parse_errors(NULL, NULL) is empty');
SELECT is(codemap.detect_language(NULL, NULL), NULL, 'detect_language(NULL, NULL) is NULL');
SELECT is(codemap.detect_language(NULL), NULL, 'detect_language(NULL) is NULL');
SELECT is(codemap.detect_language(NULL, '<?php echo 1;'), 'php', 'content alone can decide');

-- hostile input: every language survives random text, control characters
-- and deep nesting
SELECT setseed(0.42);
CREATE TEMP TABLE noise AS
SELECT n, string_agg(chr(1 + (random() * 55000)::int), '') AS text
FROM generate_series(1, 4) AS n, generate_series(1, 3000) AS i
GROUP BY n;
SELECT lives_ok(format($$SELECT count(*) FROM noise, codemap.parse(noise.text, %L)$$, name),
				name || ': random characters parse without harm')
FROM codemap.languages() ORDER BY name;
SELECT lives_ok($$SELECT count(*) FROM codemap.languages() AS l,
				  codemap.parse(repeat('{[(', 40000) || repeat(E'\x01\x7f', 1000), l.name)$$,
				'deep unbalanced nesting and control characters, every language');

-- cancel and statement_timeout stop a long parse: query_canceled is not
-- caught by throws_ok, so catch it here
CREATE FUNCTION pg_temp.outcome(sql text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
	EXECUTE sql;
	RETURN 'finished';
EXCEPTION WHEN query_canceled THEN
	RETURN 'canceled';
END
$f$;
SET LOCAL codemap.max_file_bytes = '8MB';
SET LOCAL statement_timeout = '300ms';
SELECT is(pg_temp.outcome($$SELECT count(*) FROM codemap.parse(repeat(E'int f(void) { return g(1); }\n', 250000), 'c')$$),
		  'canceled', 'statement_timeout interrupts a long parse');
SET LOCAL statement_timeout = '300ms';
SELECT is(pg_temp.outcome($$SELECT count(*) FROM codemap.parse(repeat('if(x)', 100000), 'c')$$),
		  'canceled', 'statement_timeout interrupts a pathological parse');
RESET statement_timeout;
SELECT lives_ok($$SELECT * FROM codemap.parse('int main(void) { return 0; }', 'c')$$,
				'the backend parses again after a canceled parse');

SELECT * FROM finish();
ROLLBACK;
