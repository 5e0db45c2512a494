import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Parses (does not compile) every .java file under a directory with javac's own parser.
 *
 * The jsii Java runtime jar (software.amazon.jsii) and the cdk8s/constructs jars come from
 * Maven Central, which the build may not reach, so the generated sources cannot be type-checked;
 * javac's parse phase needs no classpath and still rejects any syntax error. Prints every error,
 * then one line per top-level type as "type <package>.<Name>", and exits 1 on any error.
 *
 * usage: java scripts/JavaSyntaxCheck.java <directory>
 */
public class JavaSyntaxCheck {
  public static void main(String[] args) throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    int errors = 0;
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
      JavacTask task = (JavacTask) javac.getTask(null, fm, diagnostics, List.of("-proc:none"), null,
          fm.getJavaFileObjectsFromPaths(files));
      for (CompilationUnitTree unit : task.parse()) {
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
        for (Tree t : unit.getTypeDecls()) {
          if (t instanceof ClassTree c) {
            System.out.println("type " + pkg + c.getSimpleName());
          }
        }
      }
    }
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors++;
        System.out.println("error " + d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null));
      }
    }
    System.out.println("parsed " + files.size() + " files, " + errors + " syntax errors");
    System.exit(errors == 0 ? 0 : 1);
  }
}
