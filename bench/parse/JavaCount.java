/*
 * JavaCount: what javac's own parser finds in Java files, for
 * bench/parse/check_java.sh.  Reads a list of paths and prints, per file,
 * "path<TAB>classes<TAB>methods<TAB>calls": named classes, interfaces, enums,
 * records and annotation types; methods and constructors with a body; and
 * method invocations plus instance creations (javac's MethodInvocation and
 * NewClass trees), leaving out the instance creation javac puts behind each
 * enum constant, which the source does not write.  Files javac cannot parse
 * print "path<TAB>SKIP".
 */
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public class JavaCount {
    public static void main(String[] args) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);

        for (String path : Files.readAllLines(Paths.get(args[0]))) {
            JavacTask task = (JavacTask) javac.getTask(null, files, d -> {},
                List.of("-proc:none"), null, files.getJavaFileObjects(path));
            long[] count = new long[3];

            try {
                for (CompilationUnitTree unit : task.parse()) {
                    new TreeScanner<Void, Void>() {
                        private ClassTree enclosing;

                        @Override
                        public Void visitClass(ClassTree t, Void v) {
                            ClassTree outer = enclosing;

                            if (t.getSimpleName().length() > 0)
                                count[0]++;
                            enclosing = t;
                            super.visitClass(t, v);
                            enclosing = outer;
                            return null;
                        }

                        @Override
                        public Void visitVariable(VariableTree t, Void v) {
                            /* an enum constant: its implicit "new" is not a call */
                            if (enclosing != null && enclosing.getKind() == Tree.Kind.ENUM &&
                                t.getInitializer() instanceof NewClassTree &&
                                ((NewClassTree) t.getInitializer()).getIdentifier().toString()
                                    .equals(enclosing.getSimpleName().toString())) {
                                NewClassTree init = (NewClassTree) t.getInitializer();

                                scan(init.getArguments(), v);
                                scan(init.getClassBody(), v);
                                return null;
                            }
                            return super.visitVariable(t, v);
                        }

                        @Override
                        public Void visitMethod(MethodTree t, Void v) {
                            if (t.getBody() != null)
                                count[1]++;
                            return super.visitMethod(t, v);
                        }

                        @Override
                        public Void visitMethodInvocation(MethodInvocationTree t, Void v) {
                            count[2]++;
                            return super.visitMethodInvocation(t, v);
                        }

                        @Override
                        public Void visitNewClass(NewClassTree t, Void v) {
                            count[2]++;
                            return super.visitNewClass(t, v);
                        }
                    }.scan(unit, null);
                }
                System.out.println(path + "\t" + count[0] + "\t" + count[1] + "\t" + count[2]);
            } catch (Exception e) {
                System.out.println(path + "\tSKIP");
            }
        }
    }
}
