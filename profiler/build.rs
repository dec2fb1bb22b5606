//! Builds the heap shim (`src/heap/native/shim.c`) into `$OUT_DIR/libprofiler_heap.so`, which
//! the profiler embeds and preloads into commands launched with `record --heap`.
//!
//! The C compiler is the one the `cc` crate finds (CC, then cc/gcc). When there is none, or it
//! fails, the build goes on with an empty file and a warning: the profiler then says, when
//! `--heap` is asked for on a native command, that it was built without the shim.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let src = "src/heap/native/shim.c";
    println!("cargo:rerun-if-changed={src}");
    println!("cargo:rerun-if-env-changed=CC");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let out = out_dir.join("libprofiler_heap.so");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let built = if target_os == "linux" {
        build(src, &out)
    } else {
        Err(format!("the heap shim is Linux-only (target OS {target_os})"))
    };
    if let Err(why) = built {
        println!("cargo:warning=heap shim not built, `record --heap` on native programs will say so: {why}");
        std::fs::write(&out, b"").expect("OUT_DIR is writable");
    }
}

fn build(src: &str, out: &std::path::Path) -> Result<(), String> {
    let compiler = cc::Build::new()
        .cargo_metadata(false)
        .try_get_compiler()
        .map_err(|e| format!("no C compiler: {e}"))?;
    let mut cmd: Command = compiler.to_command();
    cmd.args([
        "-shared",
        "-fPIC",
        "-O2",
        "-std=gnu11",
        "-Wall",
        "-Wextra",
        // Only the interposed functions are exported (they say so themselves).
        "-fvisibility=hidden",
        // No turning our memset-after-malloc into a call to calloc, which is us.
        "-fno-builtin",
        // Thread-local counters without __tls_get_addr (which may allocate): the library is
        // preloaded, so it is in the static TLS block.
        "-ftls-model=initial-exec",
        "-o",
    ]);
    cmd.arg(out).arg(src).args(["-ldl", "-pthread"]);
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", compiler.path()))?;
    if !output.status.success() {
        return Err(format!(
            "{:?} failed: {}",
            compiler.path(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(())
}
