-- parse_java: definitions, references and imports extracted from Java
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
package com.example.shapes;

import java.util.List;
import java.util.*;
import static java.lang.Math.max;
import static org.junit.Assert.*;

/** A box that holds items. */
@Entity
public class Box<T extends Comparable<T>> extends Base<T> implements Shape, java.io.Serializable {
    public static final int MAX = 10;
    static final String NAME = "box", LABEL = "b";
    private final List<T> items = new ArrayList<>();

    public Box(int size) {
        super(size);
        init();
    }

    @Override
    public int target(List<T> list) {
        list.add(null);
        this.helper();
        Box<String> b = new Box<>(1);
        new java.util.ArrayList<String>();
        Runnable r = () -> run();
        return max(Math.abs(-1), 2);
    }

    private void helper() {}

    static class Inner implements Runnable {
        public void run() { System.out.println("inner"); }
    }

    enum Color { RED, GREEN; void paint() { draw(); } }
}

interface Shape extends Sized, Comparable<Shape> {
    int VERSION = 2;
    double area();
    default String describe() { return String.valueOf(area()); }
}

enum Kind implements Named {
    SMALL(1), LARGE(2);
    private final int weight;
    Kind(int weight) { this.weight = weight; }
}

record Point(int x, int y) implements Serializable {
    Point { check(x); }
    static Point origin() { return new Point(0, 0); }
}

@interface Marker {
    String value() default "";
}
$src$, 'java')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- "final static" order, a static initializer, an abstract method, a local
-- record and an anonymous class, an import from the unnamed package, calls
-- on a call's result and with type arguments (callee: the name alone)
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
package app;

import Helper;

public sealed abstract class Node permits Leaf, Branch {
    final static long SERIAL = 1L;
    static { Registry.register(Node.class); }
    protected abstract Object value();

    public Runnable task() {
        record Pair(int a, int b) {}
        Registry.of(this).add(Collections.<Node>emptyList());
        return new Runnable() {
            @Override public void run() { visit(new Pair(1, 2)); }
        };
    }
}
$src$, 'java')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- module-info.java: the module and what it requires
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
module com.example.app {
    requires transitive java.sql;
    exports com.example.api;
}
$src$, 'java')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
