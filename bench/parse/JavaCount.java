/*
 * JavaCount: what javac's own parser finds in Java files, for
 * bench/parse/check_java.sh.  Reads a list of paths and prints, per file,
 * "path<TAB>classes<TAB>methods<TAB>calls": named classes, interfaces, enums,
 * records and annotation types; methods and constructors with a body; and
 * method invocations plus instance creations (javac's MethodInvocation and
 * NewClass trees).  Files javac cannot parse print "path<TAB>SKIP".
 */
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
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
                        @Override
                        public Void visitClass(ClassTree t, Void v) {
                            if (t.getSimpleName().length() > 0)
                                count[0]++;
                            return super.visitClass(t, v);
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
