-- parse_errors: syntax errors are reported, and the facts around them kept
SELECT * FROM codemap.parse_errors('def ok():
    return 1
', 'python');

SELECT * FROM codemap.parse_errors('def broken(:
    return 1

def fine():
    return helper()
', 'python')
ORDER BY start_line, start_col;

-- the definitions tree-sitter could recover are still extracted
SELECT kind, symbol_kind, name, qualname, start_line, detail
FROM codemap.parse('def broken(:
    return 1

def fine():
    return helper()
', 'python')
ORDER BY start_line, start_col, kind;

SELECT kind, start_line, start_col, end_line, end_col
FROM codemap.parse_errors('int main(void) { return f(1; }', 'c')
ORDER BY start_line, start_col;

-- deep unfinished nesting: an error, not a crash
SELECT kind, count(*) FROM codemap.parse_errors(repeat('(', 300000), 'c') GROUP BY kind;
SELECT count(*) FROM codemap.parse(repeat('if(x)', 100000), 'c');
SELECT count(*) FROM codemap.parse(repeat('[', 100000), 'javascript');

-- size limit
SET codemap.max_file_bytes = '1kB';
SELECT count(*) FROM codemap.parse(repeat('f()' || chr(10), 300), 'python');
SELECT count(*) FROM codemap.parse(repeat('f()' || chr(10), 100), 'python');
RESET codemap.max_file_bytes;

-- parser memory limit: pathological input needs far more than its size
SET codemap.max_parse_memory = '4MB';
SELECT count(*) FROM codemap.parse(repeat('if(x)', 20000), 'c');
SELECT count(*) FROM codemap.parse(repeat('f()' || chr(10), 100), 'python');
RESET codemap.max_parse_memory;
