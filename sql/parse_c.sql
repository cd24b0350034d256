-- parse_c: definitions, references and imports extracted from C
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
#include <stdio.h>
#include "box.h"
#include "util/strings.h"

#define BOX_MAX 64
#define BOX_AREA(b) ((b)->w * (b)->h)

static const int default_width = 10;

typedef struct box box_t;
typedef int (*box_cmp)(const box_t *, const box_t *);

struct box
{
	int w;
	int h;
};

union value
{
	int i;
	double d;
};

enum color
{
	RED,
	GREEN
};

typedef enum { SMALL, LARGE } size_class;

int box_area(const struct box *b);	/* a prototype: not a definition */

static int
box_area_impl(const struct box *b)
{
	return BOX_AREA(b);
}

char *
box_name(struct box *b)
{
	char *name = strdup_checked("box");
	b->ops->render(b);
	return name;
}

int
main(int argc, char **argv)
{
	struct box b = {default_width, 2};

	printf("%d\n", box_area_impl(&b));
	return box_area(&b) > BOX_MAX;
}
$src$, 'c')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
