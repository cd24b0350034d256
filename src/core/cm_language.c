/*-------------------------------------------------------------------------
 *
 * cm_language.c
 *		Language table and file-type detection.
 *
 * Detection looks at the file name first (exact names such as "Rakefile",
 * then the extension), then at the content: a shebang naming an
 * interpreter, or a PHP open tag.  A ".h" header is C unless its first
 * 64 KB hold a construct only C++ has.  Only the first line and at most
 * 64 KB of content are examined, so detection costs the same on any file.
 *
 *-------------------------------------------------------------------------
 */
#include "cm_language.h"

#include <string.h>

#define HINT_SCAN_BYTES (64 * 1024)

static const char *const c_ext[] = {"c", "h", NULL};
static const char *const cpp_ext[] = {"cc", "cpp", "cxx", "c++", "hh", "hpp",
"hxx", "h++", "ipp", "tpp", "inl", "ino", NULL};
static const char *const python_ext[] = {"py", "pyi", "pyw", NULL};
static const char *const javascript_ext[] = {"js", "mjs", "cjs", "jsx", NULL};
static const char *const typescript_ext[] = {"ts", "mts", "cts", NULL};
static const char *const tsx_ext[] = {"tsx", NULL};
static const char *const go_ext[] = {"go", NULL};
static const char *const java_ext[] = {"java", NULL};
static const char *const rust_ext[] = {"rs", NULL};
static const char *const ruby_ext[] = {"rb", "rake", "gemspec", "ru", NULL};
static const char *const csharp_ext[] = {"cs", "csx", NULL};
static const char *const php_ext[] = {"php", "phtml", "php4", "php5", "php7",
"php8", NULL};

static const CmLanguageInfo languages[CM_LANG_COUNT] = {
	{CM_LANG_C, "c", c_ext, "::", ".", "."},
	{CM_LANG_CPP, "cpp", cpp_ext, "::", "::", "::"},
	{CM_LANG_PYTHON, "python", python_ext, ".", ".", "."},
	{CM_LANG_JAVASCRIPT, "javascript", javascript_ext, ".", ".", "."},
	{CM_LANG_TYPESCRIPT, "typescript", typescript_ext, ".", ".", "."},
	{CM_LANG_TSX, "tsx", tsx_ext, ".", ".", "."},
	{CM_LANG_GO, "go", go_ext, ".", ".", "."},
	{CM_LANG_JAVA, "java", java_ext, ".", ".", "."},
	{CM_LANG_RUST, "rust", rust_ext, "::", "::", "::"},
	{CM_LANG_RUBY, "ruby", ruby_ext, "::", ".", "::"},
	{CM_LANG_CSHARP, "csharp", csharp_ext, ".", ".", "."},
	{CM_LANG_PHP, "php", php_ext, "\\", "::", "::"},
};

/* Files recognized by their whole base name. */
static const struct
{
	const char *basename;
	CmLanguageId id;
}			exact_names[] = {
	{"Rakefile", CM_LANG_RUBY},
	{"Gemfile", CM_LANG_RUBY},
	{"Guardfile", CM_LANG_RUBY},
	{"Vagrantfile", CM_LANG_RUBY},
	{"Podfile", CM_LANG_RUBY},
	{"SConstruct", CM_LANG_PYTHON},
	{"SConscript", CM_LANG_PYTHON},
};

/* Interpreters named on a shebang line. */
static const struct
{
	const char *interpreter;
	CmLanguageId id;
}			interpreters[] = {
	{"python", CM_LANG_PYTHON},
	{"python2", CM_LANG_PYTHON},
	{"python3", CM_LANG_PYTHON},
	{"pypy", CM_LANG_PYTHON},
	{"pypy3", CM_LANG_PYTHON},
	{"node", CM_LANG_JAVASCRIPT},
	{"nodejs", CM_LANG_JAVASCRIPT},
	{"deno", CM_LANG_TYPESCRIPT},
	{"ts-node", CM_LANG_TYPESCRIPT},
	{"tsx", CM_LANG_TYPESCRIPT},
	{"ruby", CM_LANG_RUBY},
	{"jruby", CM_LANG_RUBY},
	{"php", CM_LANG_PHP},
};

const CmLanguageInfo *
cm_language_get(CmLanguageId id)
{
	return &languages[id];
}

const CmLanguageInfo *
cm_language_by_name(const char *name)
{
	for (int i = 0; i < CM_LANG_COUNT; i++)
		if (strcmp(languages[i].name, name) == 0)
			return &languages[i];
	return NULL;
}

static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Does the extension (len bytes, any case) appear in the NULL-ended list? */
static int
extension_in(const char *ext, size_t len, const char *const *list)
{
	for (; *list != NULL; list++)
	{
		size_t		i;

		if (strlen(*list) != len)
			continue;
		for (i = 0; i < len; i++)
			if (ascii_lower((unsigned char) ext[i]) != (*list)[i])
				break;
		if (i == len)
			return 1;
	}
	return 0;
}

static const CmLanguageInfo *
detect_by_path(const char *path, int *ambiguous_header)
{
	const char *base = strrchr(path, '/');
	const char *dot;

	base = base ? base + 1 : path;
	*ambiguous_header = 0;

	for (size_t i = 0; i < sizeof(exact_names) / sizeof(exact_names[0]); i++)
		if (strcmp(base, exact_names[i].basename) == 0)
			return &languages[exact_names[i].id];

	dot = strrchr(base, '.');
	if (dot == NULL || dot == base || dot[1] == '\0')
		return NULL;
	dot++;

	if ((dot[0] == 'h' || dot[0] == 'H') && dot[1] == '\0')
		*ambiguous_header = 1;
	for (int i = 0; i < CM_LANG_COUNT; i++)
		if (extension_in(dot, strlen(dot), languages[i].extensions))
			return &languages[i];
	return NULL;
}

static const CmLanguageInfo *
interpreter_language(const char *word, size_t len)
{
	for (size_t i = 0; i < sizeof(interpreters) / sizeof(interpreters[0]); i++)
		if (strlen(interpreters[i].interpreter) == len &&
			memcmp(interpreters[i].interpreter, word, len) == 0)
			return &languages[interpreters[i].id];
	return NULL;
}

/* The interpreter named by a "#!" line, or NULL. */
static const CmLanguageInfo *
detect_by_shebang(const char *source, size_t len)
{
	const CmLanguageInfo *lang;
	const char *end;
	const char *p;
	const char *word;
	size_t		word_len;

	if (len < 3 || source[0] != '#' || source[1] != '!')
		return NULL;
	end = memchr(source, '\n', len);
	if (end == NULL)
		end = source + len;

	/*
	 * Take the base name of the program; for "/usr/bin/env [-S] prog" take
	 * the first word after env that is not an option.
	 */
	p = source + 2;
	for (;;)
	{
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		word = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		word_len = (size_t) (p - word);
		if (word_len == 0)
			return NULL;
		for (const char *q = word; q < word + word_len; q++)
			if (*q == '/')
			{
				word_len -= (size_t) (q + 1 - word);
				word = q + 1;
			}
		if ((word_len == 3 && memcmp(word, "env", 3) == 0) ||
			(word_len > 0 && word[0] == '-'))
			continue;
		break;
	}

	/* "python3.11" counts as "python3", "python3" as "python" */
	lang = interpreter_language(word, word_len);
	if (lang != NULL)
		return lang;
	while (word_len > 0 &&
		   ((word[word_len - 1] >= '0' && word[word_len - 1] <= '9') ||
			word[word_len - 1] == '.'))
		word_len--;
	return interpreter_language(word, word_len);
}

/* Is needle present in the first HINT_SCAN_BYTES of source? */
static int
contains(const char *source, size_t len, const char *needle)
{
	size_t		nlen = strlen(needle);

	if (len > HINT_SCAN_BYTES)
		len = HINT_SCAN_BYTES;
	for (size_t i = 0; i + nlen <= len; i++)
		if (source[i] == needle[0] && memcmp(source + i, needle, nlen) == 0)
			return 1;
	return 0;
}

/* C++-only constructs that make a ".h" header C++. */
static int
looks_like_cpp(const char *source, size_t len)
{
	static const char *const hints[] = {
		"\nclass ", "\nnamespace ", "template <", "template<", "\npublic:",
		"\nprivate:", "\nprotected:", "std::", "#include <string>",
		"#include <vector>", "#include <memory>", "extern \"C++\"", NULL
	};

	for (int i = 0; hints[i] != NULL; i++)
	{
		/* a hint that starts a line also counts at the start of the file */
		if (hints[i][0] == '\n' && len >= strlen(hints[i] + 1) &&
			memcmp(source, hints[i] + 1, strlen(hints[i] + 1)) == 0)
			return 1;
		if (contains(source, len, hints[i]))
			return 1;
	}
	return 0;
}

const CmLanguageInfo *
cm_language_detect(const char *path, const char *source, size_t source_len)
{
	const CmLanguageInfo *lang = NULL;
	int			ambiguous_header = 0;

	if (path != NULL)
		lang = detect_by_path(path, &ambiguous_header);

	if (lang != NULL)
	{
		if (ambiguous_header && source != NULL &&
			looks_like_cpp(source, source_len))
			return &languages[CM_LANG_CPP];
		return lang;
	}
	if (source == NULL)
		return NULL;

	lang = detect_by_shebang(source, source_len);
	if (lang != NULL)
		return lang;
	if (source_len >= 5 && memcmp(source, "<?php", 5) == 0)
		return &languages[CM_LANG_PHP];
	return NULL;
}

const char *
cm_manifest_kind(const char *path)
{
	const char *base;
	size_t		len;

	if (path == NULL)
		return NULL;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	len = strlen(base);
	if (strcmp(base, "go.mod") == 0)
		return "go.mod";
	if (strcmp(base, "package.json") == 0)
		return "package.json";
	if (strcmp(base, "composer.json") == 0)
		return "composer.json";
	/* tsconfig.json, jsconfig.json, tsconfig.base.json, ... */
	if ((strncmp(base, "tsconfig", 8) == 0 || strncmp(base, "jsconfig", 8) == 0) &&
		len >= 13 && strcmp(base + len - 5, ".json") == 0 &&
		base[8] == '.')
		return "tsconfig";
	return NULL;
}
