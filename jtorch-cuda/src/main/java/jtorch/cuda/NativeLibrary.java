package jtorch.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A shared library opened on first use: {@link #function} only records a name and a signature; the
 * library is searched for, opened and the symbol bound when the function is first called, so that a
 * missing library or symbol is reported by the call that needs it, with what to install.
 *
 * <pre>{@code
 * NativeLibrary cuda = new NativeLibrary("the NVIDIA driver", List.of("libcuda.so.1"), null, "...", search);
 * NativeLibrary.Function cuInit = cuda.function("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
 * int status = (int) cuInit.handle().invokeExact(0);   // opens libcuda.so.1 here
 * }</pre>
 */
final class NativeLibrary {
  private final String what;
  private final List<String> names;
  private final String wheelPackage;
  private final String install;
  private final LibrarySearch search;
  private final List<String> preload;
  private SymbolLookup lookup;
  private Path path;

  /**
   * @param what the library in words, e.g. "cuBLAS"
   * @param names file names in order of preference, e.g. libcublas.so.13, libcublas.so.12
   * @param wheelPackage the {@code nvidia/<package>} folder of its pip wheel, or null
   * @param install what to install when it is missing
   * @param search where to look
   * @param preload names of libraries in the same folder, with the found file's ".so.N" suffix, to
   *     open first so that the dynamic linker finds them by name, e.g. "libcublasLt"
   */
  NativeLibrary(
      String what,
      List<String> names,
      String wheelPackage,
      String install,
      LibrarySearch search,
      List<String> preload) {
    this.what = what;
    this.names = List.copyOf(names);
    this.wheelPackage = wheelPackage;
    this.install = install;
    this.search = search;
    this.preload = List.copyOf(preload);
  }

  /** True once the library has been opened. */
  synchronized boolean isLoaded() {
    return lookup != null;
  }

  /** Where the library was found, once opened (null when the dynamic linker found it by name). */
  synchronized Path path() {
    return path;
  }

  /** A function of this library, bound on first use. */
  Function function(String name, FunctionDescriptor signature) {
    return new Function(name, signature);
  }

  /** Opens the library, or throws {@link CudaUnavailableException} naming what to install. */
  synchronized SymbolLookup lookup() {
    if (lookup != null) {
      return lookup;
    }
    Optional<Path> found = search.find(names, wheelPackage);
    if (found.isPresent()) {
      Path p = found.get();
      String file = p.getFileName().toString();
      String suffix = file.substring(Math.max(0, file.indexOf(".so")));
      for (String base : preload) {
        try {
          SymbolLookup.libraryLookup(p.resolveSibling(base + suffix), Arena.global());
        } catch (IllegalArgumentException e) {
          // not there: the library may find it itself (RUNPATH) or fail below with its name
        }
      }
      try {
        lookup = SymbolLookup.libraryLookup(p, Arena.global());
        path = p;
        return lookup;
      } catch (IllegalArgumentException e) {
        throw new CudaUnavailableException(
            what
                + " was found at "
                + p
                + " but could not be loaded ("
                + e.getMessage()
                + "). "
                + install);
      }
    }
    for (String name : names) { // the dynamic linker's own cache (ldconfig)
      try {
        lookup = SymbolLookup.libraryLookup(name, Arena.global());
        return lookup;
      } catch (IllegalArgumentException e) {
        // try the next name
      }
    }
    throw new CudaUnavailableException(
        what
            + (what.contains(names.get(0)) ? "" : " (" + String.join(" or ", names) + ")")
            + " was not found in "
            + search.folders(wheelPackage)
            + " nor by the dynamic linker. "
            + install);
  }

  /** One function: a name, a signature and, after the first call, a method handle. */
  final class Function {
    private final String name;
    private final FunctionDescriptor signature;
    private volatile MethodHandle handle;

    private Function(String name, FunctionDescriptor signature) {
      this.name = name;
      this.signature = signature;
    }

    /** The symbol's name. */
    String name() {
      return name;
    }

    /** True once bound. */
    boolean isBound() {
      return handle != null;
    }

    /** The downcall handle, binding it (and opening the library) on first use. */
    MethodHandle handle() {
      MethodHandle h = handle;
      if (h == null) {
        MemorySegment symbol =
            lookup()
                .find(name)
                .orElseThrow(() ->
                    new CudaUnavailableException(
                        what
                            + " at "
                            + (path == null ? String.join("/", names) : path)
                            + " has no function "
                            + name
                            + "; it is too old for jtorch. "
                            + install));
        h = Linker.nativeLinker().downcallHandle(symbol, signature);
        handle = h;
      }
      return h;
    }
  }
}
